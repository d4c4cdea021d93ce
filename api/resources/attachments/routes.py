"""Endpoints of the attachments resource (being built)."""
BLUEPRINTS: list = []
