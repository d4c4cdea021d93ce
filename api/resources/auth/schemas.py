import marshmallow as ma

from api.schemas import StrictSchema


class LoginSchema(StrictSchema):
    username = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=64))
    password = ma.fields.String(required=True, load_only=True, validate=ma.validate.Length(min=1, max=256))
    tenant = ma.fields.String(load_default=None, validate=ma.validate.Length(min=1, max=64), metadata={
        "description": "Code of the tenant the user belongs to; omit for central (platform) admins"})


class TokenSchema(ma.Schema):
    access_token = ma.fields.String()
    token_type = ma.fields.String(metadata={"description": "Always 'Bearer'"})
    expires_at = ma.fields.DateTime()


class MeSchema(ma.Schema):
    user_id = ma.fields.Integer()
    username = ma.fields.String()
    role = ma.fields.Function(lambda p: p.role.value)
    tenant_id = ma.fields.Integer(allow_none=True)
    tenant = ma.fields.String(attribute="tenant_code", allow_none=True)
    permissions = ma.fields.Method("_permissions")

    def _permissions(self, principal):
        from core.platform.permissions import ROLE_PERMISSIONS

        return sorted(p.value for p in ROLE_PERMISSIONS[principal.role])
