import marshmallow as ma

from api.paging import PageQuerySchema
from api.resources.users.schemas import password_field, username_field
from api.schemas import StrictSchema
from core.platform.services.tenants import TENANT_CODE
from core.platform.models import TenantStatus

CODE_HELP = "2-63 lowercase letters, digits or hyphens, starting with a letter"
RULE_VERSION_HELP = ("A rule version code of the jurisdiction, or 'in_force' (the default) to follow "
                     "whichever version is in force on each date")


class TenantCreateSchema(StrictSchema):
    code = ma.fields.String(required=True, validate=ma.validate.Regexp(TENANT_CODE, error=CODE_HELP),
                            metadata={"description": f"Short unique code, e.g. nantong-city: {CODE_HELP}"})
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    jurisdiction = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=64),
                                    metadata={"description": "Code of an installed jurisdiction"})
    rule_version = ma.fields.String(load_default=None, allow_none=True, metadata={"description": RULE_VERSION_HELP})


class TenantUpdateSchema(StrictSchema):
    name = ma.fields.String(validate=ma.validate.Length(min=1, max=200))
    jurisdiction = ma.fields.String(validate=ma.validate.Length(min=1, max=64))
    rule_version = ma.fields.String(allow_none=True, metadata={"description": RULE_VERSION_HELP})


class TenantQuerySchema(PageQuerySchema):
    status = ma.fields.Enum(TenantStatus, by_value=True)
    jurisdiction = ma.fields.String()


class SuspendSchema(StrictSchema):
    reason = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=1000),
                              metadata={"description": "Shown to the tenant's users when they are refused"})


class TenantAdminCreateSchema(StrictSchema):
    username = username_field(required=True)
    password = password_field(required=True)
    display_name = ma.fields.String(load_default="", validate=ma.validate.Length(max=200))


class TenantSchema(ma.Schema):
    id = ma.fields.Integer()
    code = ma.fields.String()
    name = ma.fields.String()
    status = ma.fields.Function(lambda t: t.status.value)
    suspended_reason = ma.fields.String(allow_none=True)
    suspended_at = ma.fields.DateTime(allow_none=True)
    jurisdiction = ma.fields.String(attribute="jurisdiction_code")
    rule_version = ma.fields.Function(lambda t: t.rule_version_code or "in_force",
                                      metadata={"description": "The pinned version code, or 'in_force'"})
    effective_rule_version = ma.fields.Method("_effective", allow_none=True, metadata={
        "description": "The version that applies today (null if none can, see binding_problem)"})
    binding_problem = ma.fields.Method("_problem", allow_none=True)
    created_at = ma.fields.DateTime()
    updated_at = ma.fields.DateTime()
    version = ma.fields.Integer(metadata={"description": 'Send as If-Match: "<version>" to change the tenant'})

    def _binding(self, tenant):
        from api.context import runtime, today
        from core.platform.services.tenants import binding_of

        return binding_of(tenant, runtime().registry, today())

    def _effective(self, tenant):
        version = self._binding(tenant).effective_version
        return version.code if version else None

    def _problem(self, tenant):
        return self._binding(tenant).problem
