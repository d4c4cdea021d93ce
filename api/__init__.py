"""HTTP layer: flask-smorest blueprints over the core services. Holds no award logic."""
