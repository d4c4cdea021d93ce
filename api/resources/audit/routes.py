"""The tenant's audit trail, for office admins and supervisors."""
import marshmallow as ma
from flask.views import MethodView

from api.blueprint import Blueprint
from api.context import db
from api.schemas import StrictSchema, limit_field
from core import audit
from core.db import MAX_ID
from core.permissions import Permission

blp = Blueprint("audit", __name__, url_prefix="/api/v1/audit-events", description="Who did what, when")
blp.tenant_scoped = True


class AuditQuerySchema(StrictSchema):
    action = ma.fields.String(metadata={"description": "e.g. user.created, tenant.suspended, auth.login_failed"})
    before_id = ma.fields.Integer(validate=ma.validate.Range(min=1, max=MAX_ID),
                                  metadata={"description": "Page backwards: events older than this id"})
    limit = limit_field()


class AuditEventSchema(ma.Schema):
    id = ma.fields.Integer()
    at = ma.fields.DateTime()
    actor_id = ma.fields.Integer(allow_none=True)
    actor_username = ma.fields.String(allow_none=True)
    action = ma.fields.String()
    target_type = ma.fields.String()
    target_id = ma.fields.String(allow_none=True)
    details = ma.fields.Dict()


@blp.route("")
class AuditEvents(MethodView):
    @blp.auth(Permission.AUDIT_READ)
    @blp.arguments(AuditQuerySchema, location="query")
    @blp.response(200, AuditEventSchema(many=True))
    def get(self, query):
        """The tenant's audit events, newest first."""
        return audit.list_events(db(), **query)
