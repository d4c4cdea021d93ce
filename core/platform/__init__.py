"""The platform every tenant resource stands on: configuration, the database and its tenant wall
(row-level security), tenants, users and logins, permissions, keyset paging, version counters,
idempotency keys, the hash-chained audit trail, background jobs, exports, backups and migrations.

It knows tenants and users, not the stages of an award; the lifecycle packages (:mod:`core.cycles`,
:mod:`core.applications`, ...) build on it.
"""
