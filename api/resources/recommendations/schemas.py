"""What the recommendations resource reads and shows."""
import marshmallow as ma

from api.schemas import StrictSchema


class RecommendationPutSchema(StrictSchema):
    recommender = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200), metadata={
        "description": "The recommending unit, e.g. 崇川区质量发展委员会"})
    recommended_on = ma.fields.Date(required=True, metadata={"description": "The day the unit signed it"})
    document_number = ma.fields.String(load_default="", validate=ma.validate.Length(max=100))
    internal_notice_starts_on = ma.fields.Date(load_default=None, allow_none=True, metadata={
        "description": "The day the internal notice (内部公示) was published; required where the plan has one"})
    internal_notice_ends_on = ma.fields.Date(load_default=None, allow_none=True, metadata={
        "description": "Its last day; it must last the plan's minimum (publication day not counted)"})
    objections = ma.fields.String(load_default="", validate=ma.validate.Length(max=5000), metadata={
        "description": "Objections raised during the notice; any text means there were some (refused)"})
    note = ma.fields.String(load_default="", validate=ma.validate.Length(max=5000))


class RecommendationSchema(ma.Schema):
    id = ma.fields.Integer()
    application_id = ma.fields.Integer()
    recommender = ma.fields.String()
    recommended_on = ma.fields.Date()
    document_number = ma.fields.String()
    internal_notice_starts_on = ma.fields.Date(allow_none=True)
    internal_notice_ends_on = ma.fields.Date(allow_none=True)
    objections = ma.fields.String()
    checks = ma.fields.List(ma.fields.Dict(), metadata={
        "description": "What was checked: [{check, holds, what, citation}]"})
    note = ma.fields.String()
    recorded_by_id = ma.fields.Integer(allow_none=True)
    recorded_at = ma.fields.DateTime()
    version = ma.fields.Integer(metadata={"description": 'Send as If-Match: "<version>" to replace it'})
