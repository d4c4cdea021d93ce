"""The caller's own tenant, as its users see it."""
import marshmallow as ma
from flask.views import MethodView

from api import versioning
from api.blueprint import Blueprint
from api.context import db, principal, runtime, today
from api.schemas import SETTING_VALUE, StrictSchema
from api.resources.tenants.schemas import TenantSchema
from core.platform.permissions import Permission
from core.platform.services import tenant_settings as setting_service
from core.platform.services import tenants as tenant_service

blp = Blueprint("tenant", __name__, url_prefix="/api/v1/tenant", description="The caller's own tenant")
blp.tenant_scoped = True


@blp.route("")
class OwnTenant(MethodView):
    @blp.auth(Permission.TENANT_READ)
    @blp.response(200, TenantSchema)
    def get(self):
        """The tenant of the token: its jurisdiction and the rule version that applies today."""
        return tenant_service.get_tenant(db(), principal().tenant_id)


class CitationOut(ma.Schema):
    text = ma.fields.Function(str)
    article = ma.fields.String()
    item = ma.fields.String(allow_none=True)


class SettingStateSchema(ma.Schema):
    key = ma.fields.String(attribute="spec.key")
    value_type = ma.fields.String(attribute="spec.value_type")
    description = ma.fields.String(attribute="spec.description")
    needed_for = ma.fields.List(ma.fields.String(), attribute="spec.needed_for")
    choices = ma.fields.List(ma.fields.String(), attribute="spec.choices",
                             metadata={"description": "the only values a string setting takes (empty: any text)"})
    citation = ma.fields.Nested(CitationOut, attribute="spec.citation",
                                metadata={"description": "the article that leaves this value open"})
    value = ma.fields.Raw(allow_none=True, metadata={"description": "null until the office sets it"})
    version = ma.fields.Integer(allow_none=True, metadata={
        "description": 'the stored value\'s version, null while unset; send it as If-Match: "<version>" '
                       '(or "0" for an unset value) to change it only if nobody did meanwhile'})


class SettingValueSchema(StrictSchema):
    value = ma.fields.Raw(required=True, allow_none=False,
                          metadata={**SETTING_VALUE, "description": "checked against the setting's value_type"})


def _tenant():
    return tenant_service.get_tenant(db(), principal().tenant_id)


@blp.route("/settings")
class Settings(MethodView):
    @blp.auth(Permission.TENANT_READ)
    @blp.response(200, SettingStateSchema(many=True))
    def get(self):
        """The settings the tenant's regulation leaves open, with the office's values (null = not set)."""
        return setting_service.list_settings(db(), runtime().registry, _tenant(), today())


@blp.route("/settings/<string:key>")
class SettingByKey(MethodView):
    @blp.auth(Permission.SETTINGS_MANAGE)
    @versioning.documented(blp, required=False)
    @blp.arguments(SettingValueSchema)
    @blp.response(200, SettingStateSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def put(self, data, key):
        """Set a value (office admins). Computations that need it are refused until it is set."""
        return setting_service.set_setting(db(), runtime().registry, principal(), _tenant(), key, data["value"],
                                           today(), expected_version=versioning.if_match(required=False))

    @blp.auth(Permission.SETTINGS_MANAGE)
    @versioning.documented(blp, required=False)
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, key):
        """Clear a value: computations that need it are refused again."""
        setting_service.clear_setting(db(), runtime().registry, principal(), _tenant(), key, today(),
                                      expected_version=versioning.if_match(required=False))
