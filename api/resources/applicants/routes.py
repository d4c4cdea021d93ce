"""Endpoints of the applicants resource (being built)."""
BLUEPRINTS: list = []
