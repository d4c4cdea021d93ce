"""Endpoints of the ledger resource (being built)."""
BLUEPRINTS: list = []
