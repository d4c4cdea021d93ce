import marshmallow as ma

from api.schemas import StrictSchema
from core.models import Role

TENANT_ROLES = [r.value for r in Role.tenant_roles()]
ROLE_HELP = ("office_admin (manages the office's users), office_staff (runs award cycles), expert (scores "
             "what is assigned), supervisor (discipline inspection: reads everything, changes nothing), "
             "applicant (applies and follows its case)")


class UserCreateSchema(StrictSchema):
    username = ma.fields.String(required=True)
    password = ma.fields.String(required=True, load_only=True, metadata={"description": "At least 10 characters"})
    role = ma.fields.Enum(Role, by_value=True, required=True, metadata={"description": ROLE_HELP})
    display_name = ma.fields.String(load_default="", validate=ma.validate.Length(max=200))


class UserUpdateSchema(StrictSchema):
    display_name = ma.fields.String(validate=ma.validate.Length(max=200))
    role = ma.fields.Enum(Role, by_value=True, metadata={"description": ROLE_HELP})
    is_active = ma.fields.Boolean(metadata={"description": "false disables the account and revokes its tokens"})
    password = ma.fields.String(load_only=True, metadata={"description": "Set a new password (revokes tokens)"})


class UserQuerySchema(StrictSchema):
    role = ma.fields.Enum(Role, by_value=True)
    active = ma.fields.Boolean()


class UserSchema(ma.Schema):
    id = ma.fields.Integer()
    username = ma.fields.String()
    display_name = ma.fields.String()
    role = ma.fields.Function(lambda u: u.role.value)
    is_active = ma.fields.Boolean()
    tenant_id = ma.fields.Integer(allow_none=True)
    last_login_at = ma.fields.DateTime(allow_none=True)
    created_at = ma.fields.DateTime()
