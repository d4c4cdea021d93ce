import marshmallow as ma

from api.paging import PageQuerySchema
from api.resources.review.schemas import ReviewCitationSchema
from api.schemas import Integer, StrictSchema
from core.engine.rules import NOTICE_KINDS
from core.notices.models import ObjectionStatus
from core.platform.db import MAX_ID

ID = ma.validate.Range(min=1, max=MAX_ID)


class NoticeCreateSchema(StrictSchema):
    stage = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=64),
                             metadata={"description": "the plan's stage the notice belongs to"})
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(NOTICE_KINDS))
    starts_on = ma.fields.Date(required=True, metadata={"description": "the publication day (not counted)"})
    ends_on = ma.fields.Date(metadata={"description": "the last day (included); omitted: the earliest the rule "
                                                      "allows; earlier than that is refused"})
    title = ma.fields.String(validate=ma.validate.Length(min=1, max=200))
    how_to_object = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000),
                                     metadata={"description": "where and how to object, shown on the board"})


class NoticeEntrySchema(ma.Schema):
    id = ma.fields.Integer()
    application_id = ma.fields.Integer()
    position = ma.fields.Integer()
    name = ma.fields.String()
    tier = ma.fields.String(allow_none=True)
    category = ma.fields.String(allow_none=True)
    entry_kind = ma.fields.String()
    status = ma.fields.Function(lambda e: e.status.value, metadata={"description": "listed or removed"})
    backfilled = ma.fields.Boolean()
    replaces_entry_id = ma.fields.Integer(allow_none=True)
    listed_on = ma.fields.Date(allow_none=True, metadata={"description": "a backfilled name: the day it entered"})
    ends_on = ma.fields.Date(allow_none=True, metadata={"description": "a backfilled name: its own last day"})
    removed_reason = ma.fields.String()


class NoticeSchema(ma.Schema):
    id = ma.fields.Integer()
    cycle_id = ma.fields.Integer()
    stage = ma.fields.String()
    kind = ma.fields.String()
    title = ma.fields.String()
    citation = ma.fields.Nested(ReviewCitationSchema)
    min_days = ma.fields.Integer(allow_none=True)
    working_days = ma.fields.Boolean()
    backfill = ma.fields.Boolean(allow_none=True, metadata={"description": "the rule's word; null: the text is silent "
                                                                           "and the notice_backfill setting decides"})
    starts_on = ma.fields.Date()
    ends_on = ma.fields.Date()
    earliest_end = ma.fields.Date()
    how_to_object = ma.fields.String()
    status = ma.fields.Function(lambda n: n.status.value)
    outcome = ma.fields.String()
    published_at = ma.fields.DateTime()
    closed_at = ma.fields.DateTime(allow_none=True)
    version = ma.fields.Integer()


class NoticeDetailSchema(NoticeSchema):
    entries = ma.fields.List(ma.fields.Nested(NoticeEntrySchema))
    objections = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer(),
                                metadata={"description": "objections by status"})


class NoticeQuerySchema(PageQuerySchema):
    cycle_id = Integer(validate=ID)


class CloseSchema(StrictSchema):
    outcome = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000))


class EvidenceSchema(StrictSchema):
    filename = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    content_type = ma.fields.String(load_default="application/octet-stream", validate=ma.validate.Length(max=100))
    content_base64 = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=8 * 1024 * 1024))


class ObjectionCreateSchema(StrictSchema):
    entry_id = Integer(required=True, validate=ID, metadata={"description": "the listed name objected to"})
    grounds = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=5000))
    objector_name = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=100),
                                     metadata={"description": "real names are encouraged, not required"})
    objector_contact = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=200),
                                        metadata={"description": "phone or email, to be told the outcome"})
    files = ma.fields.List(ma.fields.Nested(EvidenceSchema), load_default=list, validate=ma.validate.Length(max=5))


class ObjectionReceiptSchema(ma.Schema):
    id = ma.fields.Integer()
    notice_id = ma.fields.Integer()
    status = ma.fields.String()
    receipt = ma.fields.String(metadata={"description": "shown once: read the outcome with it"})


class ObjectionFileSchema(ma.Schema):
    id = ma.fields.Integer()
    filename = ma.fields.String()
    content_type = ma.fields.String()
    size = ma.fields.Integer()
    sha256 = ma.fields.String()
    erased = ma.fields.Function(lambda f: f.content is None)


class ObjectionSchema(ma.Schema):
    """An objection as the office reads it; ``objector`` only for the office admin and supervisors."""

    id = ma.fields.Integer()
    notice_id = ma.fields.Integer()
    entry_id = ma.fields.Integer()
    grounds = ma.fields.String()
    real_name = ma.fields.Boolean()
    objector = ma.fields.Dict(allow_none=True, metadata={
        "description": "name and contact; null for office staff (为举报人保密) or once erased"})
    filed_via = ma.fields.String()
    filed_at = ma.fields.DateTime()
    status = ma.fields.Function(lambda o: o.status.value)
    reasons = ma.fields.String()
    decided_at = ma.fields.DateTime(allow_none=True)
    objector_told_at = ma.fields.DateTime(allow_none=True)
    erased_at = ma.fields.DateTime(allow_none=True)
    files = ma.fields.List(ma.fields.Nested(ObjectionFileSchema))
    version = ma.fields.Integer()


class ObjectionDecisionSchema(StrictSchema):
    status = ma.fields.String(required=True, validate=ma.validate.OneOf(
        [s.value for s in (ObjectionStatus.INVESTIGATING, ObjectionStatus.UPHELD, ObjectionStatus.DISMISSED)]))
    reasons = ma.fields.String(load_default="", validate=ma.validate.Length(max=5000))


class ObjectionOutcomeSchema(ma.Schema):
    """What the objector reads with the receipt."""

    notice_id = ma.fields.Integer()
    status = ma.fields.String()
    outcome = ma.fields.String()
    reasons = ma.fields.String()
    decided_at = ma.fields.DateTime(allow_none=True)


class PublicNoticeSchema(ma.Schema):
    id = ma.fields.Integer()
    title = ma.fields.String()
    kind = ma.fields.String()
    citation = ma.fields.Nested(ReviewCitationSchema)
    starts_on = ma.fields.Date()
    ends_on = ma.fields.Date()
    how_to_object = ma.fields.String()
    status = ma.fields.Function(lambda n: n.status.value)
    outcome = ma.fields.String()


class PublicEntrySchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    tier = ma.fields.String(allow_none=True)
    category = ma.fields.String(allow_none=True)
    entry_kind = ma.fields.String()
    status = ma.fields.Function(lambda e: e.status.value)
    ends_on = ma.fields.Date(allow_none=True, metadata={"description": "a backfilled name: objections to it until then"})


class PublicNoticeDetailSchema(PublicNoticeSchema):
    entries = ma.fields.List(ma.fields.Nested(PublicEntrySchema))
