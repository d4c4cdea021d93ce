"""Endpoints of the recommendations resource (being built)."""
BLUEPRINTS: list = []
