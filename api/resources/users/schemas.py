import marshmallow as ma

from api.paging import PageQuerySchema
from api.schemas import Boolean, StrictSchema
from core.platform.security import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from core.platform.services.users import USERNAME
from core.i18n import LOCALES
from core.platform.models import Role

TENANT_ROLES = [r.value for r in Role.tenant_roles()]
ROLE_HELP = ("office_admin (manages the office's users), office_staff (runs award cycles), expert (scores "
             "what is assigned), supervisor (discipline inspection: reads everything, changes nothing), "
             "applicant (applies and follows its case)")


USERNAME_HELP = "2-64 letters, digits or . _ @ -, starting with a letter or digit; unique in the tenant"
PASSWORD_HELP = f"{MIN_PASSWORD_LENGTH}-{MAX_PASSWORD_LENGTH} characters, not starting or ending with whitespace"


def username_field(**kwargs) -> ma.fields.String:
    return ma.fields.String(validate=ma.validate.Regexp(USERNAME, error=USERNAME_HELP),
                            metadata={"description": USERNAME_HELP}, **kwargs)


def password_field(**kwargs) -> ma.fields.String:
    description = kwargs.pop("description", PASSWORD_HELP)
    length = ma.validate.Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH,
                                error="must be at least {min} and at most {max} characters")
    return ma.fields.String(load_only=True, validate=length,
                            metadata={"description": description}, **kwargs)


LOCALE_HELP = ("The language of the messages the service writes this user (errors, notifications, reminders): "
               "zh_CN or en; null lets each request's Accept-Language decide, and Chinese when it says nothing")


class UserCreateSchema(StrictSchema):
    username = username_field(required=True)
    password = password_field(required=True)
    role = ma.fields.Enum(Role, by_value=True, required=True, metadata={"description": ROLE_HELP})
    display_name = ma.fields.String(load_default="", validate=ma.validate.Length(max=200))


class UserUpdateSchema(StrictSchema):
    display_name = ma.fields.String(validate=ma.validate.Length(max=200))
    role = ma.fields.Enum(Role, by_value=True, metadata={"description": ROLE_HELP})
    is_active = Boolean(metadata={"description": "false disables the account and revokes its tokens"})
    password = password_field(description=f"Set a new password (revokes tokens): {PASSWORD_HELP}")
    locale = ma.fields.String(allow_none=True, validate=ma.validate.OneOf(LOCALES),
                              metadata={"description": LOCALE_HELP})


class UserQuerySchema(PageQuerySchema):
    role = ma.fields.Enum(Role, by_value=True)
    active = Boolean()


class UserSchema(ma.Schema):
    id = ma.fields.Integer()
    username = ma.fields.String()
    display_name = ma.fields.String()
    role = ma.fields.Function(lambda u: u.role.value)
    is_active = ma.fields.Boolean()
    tenant_id = ma.fields.Integer(allow_none=True)
    last_login_at = ma.fields.DateTime(allow_none=True)
    locale = ma.fields.String(allow_none=True, metadata={"description": LOCALE_HELP})
    created_at = ma.fields.DateTime()
    version = ma.fields.Integer(metadata={"description": 'Send as If-Match: "<version>" to change the user'})
