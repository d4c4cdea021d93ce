"""Schemas of the audit trail."""
from __future__ import annotations

import marshmallow as ma

from api.paging import PageQuerySchema
from core.platform.models import AuditOutcome


class AuditQuerySchema(PageQuerySchema):
    action = ma.fields.String(validate=ma.validate.Length(min=1, max=64),
                              metadata={"description": "e.g. user.created, tenant.suspended, auth.login_failed"})


class AuditEventSchema(ma.Schema):
    id = ma.fields.Integer()
    seq = ma.fields.Integer(metadata={"description": "Position in the tenant's chain (the platform's for central events)"})
    at = ma.fields.DateTime(metadata={"description": "When (UTC)"})
    actor_id = ma.fields.Integer(allow_none=True, metadata={"description": "Who: the user's id (null: anonymous)"})
    actor_username = ma.fields.String(allow_none=True)
    actor_role = ma.fields.String(allow_none=True)
    client_address = ma.fields.String(allow_none=True, metadata={"description": "From where: the caller's IP address"})
    action = ma.fields.String(metadata={"description": "What"})
    target_type = ma.fields.String(metadata={"description": "On what: the kind of object"})
    target_id = ma.fields.String(allow_none=True)
    outcome = ma.fields.Enum(AuditOutcome, by_value=True, metadata={"description": "success, failure or denied"})
    details = ma.fields.Dict()
    prev_hash = ma.fields.String(metadata={"description": "SHA-256 of the previous event of the chain"})
    hash = ma.fields.String(metadata={"description": "SHA-256 of this event's fields and prev_hash"})
