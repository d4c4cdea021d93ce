"""Built-in jurisdiction plugins. Each is found through the ``mqa.jurisdictions`` entry points
in pyproject.toml, exactly as a third-party city package would be."""
