"""The tenant's audit trail, for office admins and supervisors."""
from flask.views import MethodView

from api.blueprint import Blueprint
from api.context import db
from api.paging import page_of
from api.resources.audit.schemas import AuditEventSchema, AuditQuerySchema
from core.platform import audit
from core.platform.permissions import Permission

blp = Blueprint("audit", __name__, url_prefix="/api/v1/audit-events", description="Who did what, when")
blp.tenant_scoped = True


@blp.route("")
class AuditEvents(MethodView):
    @blp.auth(Permission.AUDIT_READ)
    @blp.arguments(AuditQuerySchema, location="query")
    @blp.response(200, page_of(AuditEventSchema))
    def get(self, query):
        """The tenant's audit events, newest first, a page at a time (``next_cursor``)."""
        return audit.page_events(db(), **query)
