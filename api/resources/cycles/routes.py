"""Endpoints of the cycles resource (being built)."""
BLUEPRINTS: list = []
