"""The award domain: tenants, users, rules, jobs. Knows awards, not cities.

`core` never imports `api` or `plugins`; jurisdictions reach it through the hook
specifications in :mod:`core.engine.hookspecs`.
"""
