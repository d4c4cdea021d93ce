"""A tenant's portable archive: export to a file, import into another deployment."""
from __future__ import annotations

import click


def register(main: click.Group) -> None:
    """Add this module's commands to the ``mqa`` group."""
