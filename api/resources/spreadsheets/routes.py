"""Routes of this resource (filled in by its issue-13 work)."""

BLUEPRINTS: list = []
