"""Every table of the product, for SQLAlchemy's metadata (migrations, tests, backups).

Each package keeps its own models; importing this module registers them all on one ``Base``.
"""
from core.platform import models as platform_models  # noqa: F401

__all__ = ["platform_models"]
