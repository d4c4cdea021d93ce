"""Endpoints of the applications resource (being built)."""
BLUEPRINTS: list = []
