import marshmallow as ma

from api.paging import PageQuerySchema
from api.resources.users.schemas import password_field, username_field
from api.schemas import Integer, StrictSchema
from core.applications import uscc
from core.applications.models import ApplicantKind, ApplicantStatus
from core.platform.db import MAX_ID

USCC_HELP = ("统一社会信用代码, 18 characters (GB 32100-2015): digits and capitals without I, O, Z, S, V; "
             "the last is a check character")
KIND_HELP = "organization (identified by its 统一社会信用代码) or individual (identified by name and employer)"


def _uscc_valid(code: str) -> None:
    problem = uscc.problem(code)
    if problem is not None:
        raise ma.ValidationError(problem)


def uscc_field(**kwargs) -> ma.fields.String:
    return ma.fields.String(validate=_uscc_valid, metadata={"description": USCC_HELP, "pattern": uscc.PATTERN,
                                                            "minLength": uscc.LENGTH, "maxLength": uscc.LENGTH},
                            **kwargs)


def _text(max_length: int, **kwargs) -> ma.fields.String:
    return ma.fields.String(validate=ma.validate.Length(max=max_length), **kwargs)


def _name(**kwargs) -> ma.fields.String:
    return ma.fields.String(validate=ma.validate.Length(min=1, max=200), metadata={
        "description": "the organisation's or the person's name"}, **kwargs)


class _Identity(StrictSchema):
    kind = ma.fields.Enum(ApplicantKind, by_value=True, required=True, metadata={"description": KIND_HELP})
    name = _name(required=True)
    uscc = uscc_field(load_default=None, allow_none=True)
    employer_name = ma.fields.String(load_default=None, allow_none=True, validate=ma.validate.Length(min=1, max=200),
                                     metadata={"description": "an individual's employer (required for individuals)"})
    employer_uscc = uscc_field(load_default=None, allow_none=True)
    contact_name = _text(100, load_default="")
    contact_phone = _text(32, load_default="")
    contact_email = _text(254, load_default="")
    username = username_field(required=True)
    password = password_field(required=True)
    display_name = _text(200, load_default="")


class RegistrationSchema(_Identity):
    tenant = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=64), metadata={
        "description": "Code of the office (tenant) to register with"})
    cycle_id = Integer(required=True, validate=ma.validate.Range(min=1, max=MAX_ID), metadata={
        "description": "An open cycle of that office"})


class RegisteredSchema(ma.Schema):
    status = ma.fields.String(metadata={"description": "pending: the office approves the account before it can log in"})
    message = ma.fields.String()


class ApplicantInviteSchema(_Identity):
    pass


class ApplicantUpdateSchema(StrictSchema):
    name = _name()
    uscc = uscc_field(allow_none=True)
    employer_name = ma.fields.String(allow_none=True, validate=ma.validate.Length(min=1, max=200))
    employer_uscc = uscc_field(allow_none=True)
    contact_name = _text(100, allow_none=True)
    contact_phone = _text(32, allow_none=True)
    contact_email = _text(254, allow_none=True)


class ApplicantContactSchema(StrictSchema):
    """What applicants change themselves: how to reach them. Their identity (name, 统一社会信用代码,
    employer) is what the ledger of earlier awards and sanctions is matched on, so only the office
    changes it (``PATCH /applicants/{id}``), on the record."""

    contact_name = _text(100, allow_none=True)
    contact_phone = _text(32, allow_none=True)
    contact_email = _text(254, allow_none=True)


class ApplicantQuerySchema(PageQuerySchema):
    status = ma.fields.Enum(ApplicantStatus, by_value=True)


class ApplicantReviewSchema(StrictSchema):
    note = _text(2000, load_default="", metadata={"description": "Told to the applicant"})


class ApplicantRefusalSchema(StrictSchema):
    note = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=2000),
                            metadata={"description": "Why the registration is refused (told to the applicant)"})


class ApplicantSchema(ma.Schema):
    id = ma.fields.Integer()
    user_id = ma.fields.Integer()
    kind = ma.fields.Function(lambda a: a.kind.value)
    name = ma.fields.String()
    uscc = ma.fields.String(allow_none=True)
    employer_name = ma.fields.String(allow_none=True)
    employer_uscc = ma.fields.String(allow_none=True)
    contact_name = ma.fields.String()
    contact_phone = ma.fields.String()
    contact_email = ma.fields.String()
    status = ma.fields.Function(lambda a: a.status.value)
    origin = ma.fields.Function(lambda a: a.origin.value)
    registered_for_cycle_id = ma.fields.Integer(allow_none=True)
    reviewed_at = ma.fields.DateTime(allow_none=True)
    review_note = ma.fields.String()
    created_at = ma.fields.DateTime()
    version = ma.fields.Integer(metadata={"description": 'Send as If-Match: "<version>" to change the applicant'})
