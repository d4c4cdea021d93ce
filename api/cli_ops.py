"""Operations commands: audit verification, backup and restore."""
from __future__ import annotations

import click


def register(main: click.Group) -> None:
    """Add this module's commands to the ``mqa`` group."""
