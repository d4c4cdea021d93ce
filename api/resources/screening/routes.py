"""Endpoints of the screening resource (being built)."""
BLUEPRINTS: list = []
