import marshmallow as ma

from api.schemas import StrictSchema
from core.i18n import LOCALES


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
    locale = ma.fields.Method("_locale", metadata={
        "description": "The user's stored language (zh_CN or en; null: each request's Accept-Language, else zh_CN); "
                       "the user sets it with PATCH /api/v1/auth/me, an office admin with PATCH /api/v1/users/<id>"})
    language = ma.fields.Method("_language", metadata={
        "description": "The language of this answer (the Content-Language header): zh_CN or en"})

    def _permissions(self, principal):
        from core.platform.permissions import ROLE_PERMISSIONS

        return sorted(p.value for p in ROLE_PERMISSIONS[principal.role])

    def _locale(self, _principal):
        from flask import request

        from api.i18n import USER_LOCALE

        return getattr(request, USER_LOCALE, None)

    def _language(self, _principal):
        from api.i18n import request_locale

        return request_locale()


class MeUpdateSchema(StrictSchema):
    locale = ma.fields.String(required=True, allow_none=True, validate=ma.validate.OneOf(LOCALES), metadata={
        "description": "The language of the messages the service writes you (errors, notifications, reminders): "
                       "zh_CN or en; null to follow each request's Accept-Language (Chinese when it names neither)"})
