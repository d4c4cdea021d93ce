"""Every table of the product, for SQLAlchemy's metadata (migrations, tests, backups).

Each package keeps its own models; importing this module registers them all on one ``Base``.
"""
from core.applications import models as application_models
from core.awards import models as award_models
from core.cycles import models as cycle_models
from core.notices import models as notice_models
from core.platform import models as platform_models
from core.review import models as review_models

__all__ = ["platform_models", "cycle_models", "application_models", "award_models", "review_models", "notice_models"]
