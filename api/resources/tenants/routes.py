"""Central admin: tenants (quality offices), their binding and their first admin."""
from flask.views import MethodView

from api import versioning
from api.blueprint import Blueprint
from api.context import db, principal, runtime, today
from api.idempotency import idempotent
from api.paging import page_of
from api.resources.tenants.schemas import (
    SuspendSchema, TenantAdminCreateSchema, TenantCreateSchema, TenantQuerySchema, TenantSchema, TenantUpdateSchema,
)
from api.resources.users.schemas import UserSchema
from core.platform.db import utcnow
from core.platform.permissions import Permission
from core.platform.services import tenants as tenant_service

blp = Blueprint("admin_tenants", __name__, url_prefix="/api/v1/admin/tenants",
                description="Central admin: create, bind, suspend and resume tenants")
versioning.install(blp)


@blp.route("")
class Tenants(MethodView):
    @blp.auth(Permission.PLATFORM_ADMIN)
    @blp.arguments(TenantQuerySchema, location="query")
    @blp.response(200, page_of(TenantSchema))
    def get(self, query):
        """List tenants a page at a time in the order they were created, optionally by status or jurisdiction."""
        return tenant_service.tenants_page(db(), **query)

    @blp.auth(Permission.PLATFORM_ADMIN)
    @idempotent(blp)
    @blp.arguments(TenantCreateSchema)
    @blp.response(201, TenantSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data):
        """Create a tenant bound to a jurisdiction and a rule version ('in_force' by default)."""
        tenant = tenant_service.create_tenant(db(), runtime().registry, principal(), today=today(), **data)
        return tenant, versioning.etag(tenant.version)


@blp.route("/<int:tenant_id>")
class TenantById(MethodView):
    @blp.auth(Permission.PLATFORM_ADMIN)
    @blp.response(200, TenantSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, tenant_id):
        """One tenant; the ETag is its version."""
        tenant = tenant_service.get_tenant(db(), tenant_id)
        return tenant, versioning.etag(tenant.version)

    @blp.auth(Permission.PLATFORM_ADMIN)
    @versioning.documented(blp)
    @blp.arguments(TenantUpdateSchema)
    @blp.response(200, TenantSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def patch(self, data, tenant_id):
        """Rename a tenant or rebind it to another jurisdiction or rule version (If-Match: the version read)."""
        tenant = tenant_service.update_tenant(
            db(), runtime().registry, principal(), tenant_id, today=today(), name=data.get("name"),
            jurisdiction=data.get("jurisdiction"), rule_version=data.get("rule_version"),
            rule_version_given="rule_version" in data, expected_version=versioning.if_match())
        return tenant, versioning.etag(tenant.version)


@blp.route("/<int:tenant_id>/suspend")
class TenantSuspend(MethodView):
    @blp.auth(Permission.PLATFORM_ADMIN)
    @versioning.documented(blp, required=False)
    @blp.arguments(SuspendSchema)
    @blp.response(200, TenantSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data, tenant_id):
        """Suspend a tenant: its users are refused with 403; nothing is deleted (If-Match optional)."""
        tenant = tenant_service.suspend_tenant(db(), principal(), tenant_id, reason=data["reason"], now=utcnow(),
                                               expected_version=versioning.if_match(required=False))
        return tenant, versioning.etag(tenant.version)


@blp.route("/<int:tenant_id>/resume")
class TenantResume(MethodView):
    @blp.auth(Permission.PLATFORM_ADMIN)
    @versioning.documented(blp, required=False)
    @blp.response(200, TenantSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def post(self, tenant_id):
        """Resume a suspended tenant (If-Match optional)."""
        tenant = tenant_service.resume_tenant(db(), principal(), tenant_id,
                                              expected_version=versioning.if_match(required=False))
        return tenant, versioning.etag(tenant.version)


@blp.route("/<int:tenant_id>/admins")
class TenantAdmins(MethodView):
    @blp.auth(Permission.PLATFORM_ADMIN)
    @idempotent(blp)
    @blp.arguments(TenantAdminCreateSchema)
    @blp.response(201, UserSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data, tenant_id):
        """Create an office admin in the tenant (its first admin, or another one)."""
        return tenant_service.create_tenant_admin(db(), principal(), tenant_id, **data)
