"""The caller's own tenant, as its users see it."""
from flask.views import MethodView

from api.blueprint import Blueprint
from api.context import db, principal
from api.resources.tenants.schemas import TenantSchema
from core.permissions import Permission
from core.services import tenants as tenant_service

blp = Blueprint("tenant", __name__, url_prefix="/api/v1/tenant", description="The caller's own tenant")
blp.tenant_scoped = True


@blp.route("")
class OwnTenant(MethodView):
    @blp.auth(Permission.TENANT_READ)
    @blp.response(200, TenantSchema)
    def get(self):
        """The tenant of the token: its jurisdiction and the rule version that applies today."""
        return tenant_service.get_tenant(db(), principal().tenant_id)
