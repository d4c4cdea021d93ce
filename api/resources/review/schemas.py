import marshmallow as ma

from api.paging import PageQuerySchema
from api.schemas import NUMBER_OR_TEXT, Integer, StrictSchema, TranslatedDict
from core.engine.rules import EXPERT_TITLES
from core.platform.db import MAX_ID
from core.review.models import DecisionKind, ExpertStatus, PanelKind, RelationKind

ID = ma.validate.Range(min=1, max=MAX_ID)
USCC = ma.validate.Length(equal=18)
SPECIALTY = ma.validate.Regexp(r"^[A-Za-z0-9_.-]{1,32}$", error="a GB/T 4754 section (A-T) or a code of the office's "
                                                               "own list: letters, digits, _ . - (1-32)")


class ReviewCitationSchema(ma.Schema):
    text = ma.fields.String()
    jurisdiction = ma.fields.String()
    version = ma.fields.String()
    article = ma.fields.String()
    item = ma.fields.String(allow_none=True)
    note = ma.fields.String(allow_none=True)


class QualificationFindingSchema(ma.Schema):
    code = ma.fields.String()
    outcome = ma.fields.String(metadata={"description": "passed, failed or needs_attestation"})
    strict = ma.fields.Boolean(metadata={"description": "false: a softened condition (一般…), flagged, not refused"})
    explanation = ma.fields.String()
    citation = ma.fields.Nested(ReviewCitationSchema)


class _ExpertFields(StrictSchema):
    name = ma.fields.String(validate=ma.validate.Length(min=1, max=100))
    title = ma.fields.String(validate=ma.validate.OneOf(EXPERT_TITLES), metadata={
        "description": "职称 level: none, junior (初级), intermediate (中级), vice_senior (副高级), senior (正高级)"})
    title_name = ma.fields.String(validate=ma.validate.Length(max=100))
    specialties = ma.fields.List(ma.fields.String(validate=SPECIALTY), validate=ma.validate.Length(max=20))
    practice_started_on = ma.fields.Date(allow_none=True, metadata={"description": "since when in quality practice"})
    born_on = ma.fields.Date(allow_none=True)
    employer_name = ma.fields.String(validate=ma.validate.Length(max=200))
    employer_uscc = ma.fields.String(allow_none=True, validate=USCC,
                                     metadata={"description": "the employer's 统一社会信用代码 (conflicts are found by it)"})
    contact_phone = ma.fields.String(validate=ma.validate.Length(max=32))
    contact_email = ma.fields.String(validate=ma.validate.Length(max=254))
    attested = ma.fields.List(ma.fields.String(validate=ma.validate.Length(min=1, max=64)),
                              validate=ma.validate.Length(max=20),
                              metadata={"description": "qualification codes the office confirms (attested kind)"})
    note = ma.fields.String(validate=ma.validate.Length(max=2000))
    user_id = Integer(allow_none=True, validate=ID,
                      metadata={"description": "the expert's login (a user with the expert role)"})


class ExpertCreateSchema(_ExpertFields):
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=100))
    title = ma.fields.String(required=True, validate=ma.validate.OneOf(EXPERT_TITLES))


class ExpertUpdateSchema(_ExpertFields):
    status = ma.fields.Enum(ExpertStatus, by_value=True)


class ExpertSchema(ma.Schema):
    id = ma.fields.Integer()
    user_id = ma.fields.Integer(allow_none=True)
    name = ma.fields.String()
    title = ma.fields.String()
    title_name = ma.fields.String()
    specialties = ma.fields.List(ma.fields.String())
    practice_started_on = ma.fields.Date(allow_none=True)
    born_on = ma.fields.Date(allow_none=True)
    employer_name = ma.fields.String()
    employer_uscc = ma.fields.String(allow_none=True)
    contact_phone = ma.fields.String()
    contact_email = ma.fields.String()
    attested = ma.fields.List(ma.fields.String())
    qualification = ma.fields.List(ma.fields.Nested(QualificationFindingSchema))
    flagged = ma.fields.Boolean(metadata={"description": "a softened qualification failed: see qualification"})
    status = ma.fields.Enum(ExpertStatus, by_value=True)
    note = ma.fields.String()
    created_at = ma.fields.DateTime()
    version = ma.fields.Integer()


class ExpertQuerySchema(PageQuerySchema):
    status = ma.fields.Enum(ExpertStatus, by_value=True)


class RelationCreateSchema(StrictSchema):
    kind = ma.fields.Enum(RelationKind, by_value=True, required=True, metadata={
        "description": "employment (任职), consulting (咨询辅导), family (亲属), other"})
    applicant_id = Integer(allow_none=True, validate=ID)
    uscc = ma.fields.String(allow_none=True, validate=USCC)
    name = ma.fields.String(load_default="", validate=ma.validate.Length(max=200))
    note = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000))


class RelationSchema(ma.Schema):
    id = ma.fields.Integer()
    expert_id = ma.fields.Integer()
    applicant_id = ma.fields.Integer(allow_none=True)
    uscc = ma.fields.String(allow_none=True)
    name = ma.fields.String()
    kind = ma.fields.Enum(RelationKind, by_value=True)
    note = ma.fields.String()
    declared_by_expert = ma.fields.Boolean()
    declared_at = ma.fields.DateTime()


class PanelCreateSchema(StrictSchema):
    stage = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=64),
                             metadata={"description": "a review stage of the cycle's plan"})
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    seats = Integer(required=True, validate=ma.validate.Range(min=1, max=50))
    application_ids = ma.fields.List(Integer(validate=ID), required=True, validate=ma.validate.Length(min=1, max=500),
                                     metadata={"description": "accepted applications of the cycle it reviews"})
    kind = ma.fields.Enum(PanelKind, by_value=True, load_default=PanelKind.EXPERTS)
    third_party = ma.fields.String(load_default="", validate=ma.validate.Length(max=200))
    respond_days = Integer(load_default=3, validate=ma.validate.Range(min=1, max=30),
                           metadata={"description": "calendar days a drawn expert has to confirm"})
    specialties = ma.fields.List(ma.fields.String(validate=SPECIALTY), load_default=list,
                                 validate=ma.validate.Length(max=20), metadata={
                                     "description": "draw only experts with one of these specialties (empty: any)"})


class PanelQuerySchema(PageQuerySchema):
    stage = ma.fields.String(validate=ma.validate.Length(min=1, max=64))


class MemberSchema(ma.Schema):
    id = ma.fields.Integer()
    expert_id = ma.fields.Integer()
    draw_id = ma.fields.Integer(allow_none=True)
    status = ma.fields.Function(lambda m: m.status.value)
    respond_by = ma.fields.Date(allow_none=True)
    responded_at = ma.fields.DateTime(allow_none=True)
    reason = ma.fields.String()
    version = ma.fields.Integer()


def _expert() -> bool:
    from api.context import principal
    from core.platform.models import Role

    return principal().role is Role.EXPERT


class DrawSchema(ma.Schema):
    id = ma.fields.Integer()
    panel_id = ma.fields.Integer()
    number = ma.fields.Integer()
    purpose = ma.fields.Function(lambda d: d.purpose.value)
    reason = ma.fields.String()
    status = ma.fields.Function(lambda d: d.status.value)
    seats = ma.fields.Integer()
    load_cap = ma.fields.Integer(allow_none=True)
    algorithm = ma.fields.String()
    salt = ma.fields.String()
    filters = ma.fields.Dict(metadata={
        "description": "what the pool was drawn from: specialties, load cap, day, version"})
    pool = ma.fields.Function(lambda d: None if _expert() else d.pool, metadata={
        "description": "[{expert_id, load}], hashed as pool_hash (null for experts: others' loads are not theirs)"})
    pool_hash = ma.fields.String(metadata={"description": "SHA-256 of the pool's canonical JSON, published at commit"})
    excluded = ma.fields.Function(lambda d: None if _expert() else d.excluded, metadata={
        "description": "[{expert_id, reasons}] left out and why (null for experts: others' conflicts are not theirs)"})
    seed_hash = ma.fields.String(metadata={"description": "SHA-256 of the seed, published at commit"})
    seed = ma.fields.Function(lambda d: None if d.status.value == "committed" else d.seed, metadata={
        "description": "published once revealed (or abandoned: anyone can see what it would have drawn); null before"})
    drawn = ma.fields.List(ma.fields.Integer())
    committed_at = ma.fields.DateTime()
    revealed_at = ma.fields.DateTime(allow_none=True)


class PanelSchema(ma.Schema):
    id = ma.fields.Integer()
    cycle_id = ma.fields.Integer()
    stage = ma.fields.String()
    kind = ma.fields.Function(lambda p: p.kind.value)
    name = ma.fields.String()
    seats = ma.fields.Integer()
    third_party = ma.fields.String()
    respond_days = ma.fields.Integer()
    specialties = ma.fields.List(ma.fields.String())
    leader_id = ma.fields.Integer(allow_none=True, metadata={"description": "the leading expert (组长)"})
    status = ma.fields.Function(lambda p: p.status.value)
    created_at = ma.fields.DateTime()
    version = ma.fields.Integer()


class PanelDetailSchema(PanelSchema):
    application_ids = ma.fields.List(ma.fields.Integer())
    members = ma.fields.List(ma.fields.Nested(MemberSchema))
    draws = ma.fields.List(ma.fields.Nested(DrawSchema))


class DrawCreateSchema(StrictSchema):
    reason = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000), metadata={
        "description": "required for a replacement draw or a redraw"})


class VerificationSchema(ma.Schema):
    draw_id = ma.fields.Integer()
    holds = ma.fields.Boolean()
    checks = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Boolean())
    drawn = ma.fields.List(ma.fields.Integer())
    redrawn = ma.fields.List(ma.fields.Integer())
    algorithm = ma.fields.String()


class DeclineSchema(StrictSchema):
    reason = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=2000))


class ConfirmSchema(StrictSchema):
    note = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000))


class RecusalSchema(StrictSchema):
    reason = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=2000))
    proposed_by = ma.fields.String(load_default="", validate=ma.validate.Length(max=200), metadata={
        "description": "who proposed it, where not the expert (e.g. 监督组, 常德 第三十六条)"})


class NamedMembersSchema(StrictSchema):
    expert_ids = ma.fields.List(Integer(validate=ID), required=True, validate=ma.validate.Length(min=1, max=50))


SCORE_VALUE = dict(NUMBER_OR_TEXT)


class SheetSaveSchema(StrictSchema):
    # Item codes are the sheet's (an unknown one is a 422 naming items.<code> once the sheet is found).
    items = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Raw(metadata=SCORE_VALUE), load_default=dict,
                           validate=ma.validate.Length(max=50),
                           metadata={"description": "{item code: score}, each within its points; a draft may be "
                                                    "partial"})
    comments = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(validate=ma.validate.Length(max=4000)),
                              load_default=dict, validate=ma.validate.Length(max=50))
    comment = ma.fields.String(validate=ma.validate.Length(max=4000))


class SheetSchema(ma.Schema):
    id = ma.fields.Integer(allow_none=True)
    cycle_id = ma.fields.Integer()
    stage = ma.fields.String()
    panel_id = ma.fields.Integer()
    application_id = ma.fields.Integer()
    expert_id = ma.fields.Integer()
    items = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())
    comments = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())
    comment = ma.fields.String()
    score = ma.fields.String(allow_none=True, metadata={"description": "the sum of the items once submitted"})
    status = ma.fields.Function(lambda s: s.status.value)
    submitted_at = ma.fields.DateTime(allow_none=True)
    reopened = ma.fields.List(ma.fields.Dict())
    version = ma.fields.Integer()


class ReopenSchema(StrictSchema):
    reason = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=2000))


class AssignedApplicationSchema(ma.Schema):
    application_id = ma.fields.Integer()
    panel_id = ma.fields.Integer()
    stage = ma.fields.String()
    entry_kind = ma.fields.String()
    tiers = ma.fields.List(ma.fields.String())
    category = ma.fields.String(allow_none=True)
    applicant_name = ma.fields.String(allow_none=True, metadata={"description": "null in a blind review"})
    blind = ma.fields.Boolean()
    facts = ma.fields.Dict()
    sheet = ma.fields.Dict(metadata={"description": "the sheet to fill in: items with their points and articles"})


class DecimalText(ma.fields.Field):
    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else format(value, "f")


class SheetLineSchema(ma.Schema):
    expert_id = ma.fields.Integer()
    raw = DecimalText()
    used = DecimalText(metadata={"description": "the score counted: normalised where the office chose it"})


class StageResultSchema(ma.Schema):
    application_id = ma.fields.Integer()
    entry_kind = ma.fields.String()
    score = DecimalText()
    spread = DecimalText()
    disagreement = ma.fields.Boolean()
    sheets = ma.fields.List(ma.fields.Nested(SheetLineSchema))


class StageResultsSchema(ma.Schema):
    cycle_id = ma.fields.Integer()
    stage = ma.fields.String()
    method = ma.fields.String(allow_none=True)
    method_citation = ma.fields.Nested(ReviewCitationSchema, allow_none=True)
    normalised = ma.fields.Boolean()
    disagreement_threshold = ma.fields.String(allow_none=True)
    results = ma.fields.List(ma.fields.Nested(StageResultSchema))
    set_aside = ma.fields.List(ma.fields.Dict(), metadata={
        "description": "submitted sheets that do not count (their expert recused or gave up the seat), with why"})


class LeniencySchema(ma.Schema):
    expert_id = ma.fields.Integer()
    sheets = ma.fields.Integer()
    mean_difference = DecimalText()
    z = DecimalText()


class SpreadSchema(ma.Schema):
    application_id = ma.fields.Integer()
    spread = DecimalText()


class PanelAgreementSchema(ma.Schema):
    expert_ids = ma.fields.List(ma.fields.Integer())
    application_ids = ma.fields.List(ma.fields.Integer())
    kendalls_w = DecimalText()
    icc = DecimalText()


class AgreementSchema(ma.Schema):
    cycle_id = ma.fields.Integer()
    stage = ma.fields.String()
    experts = ma.fields.List(ma.fields.Nested(LeniencySchema))
    spreads = ma.fields.List(ma.fields.Nested(SpreadSchema))
    panels = ma.fields.List(ma.fields.Nested(PanelAgreementSchema))



class EntrantsProposalSchema(ma.Schema):
    cycle_id = ma.fields.Integer()
    stage = ma.fields.String()
    gated = ma.fields.Boolean(metadata={"description": "false: every accepted application enters the stage"})
    gate = ma.fields.Dict(allow_none=True, metadata={
        "description": "{kind: shortlist|pass|ranked, by_stage, citation}: what admits to the stage"})
    kinds = ma.fields.List(ma.fields.Dict(), metadata={
        "description": "per entry kind: the ranking by the earlier stage, the cap and its article, the proposal"})


class EntrantsCreateSchema(StrictSchema):
    application_ids = ma.fields.List(Integer(validate=ID), required=True, validate=ma.validate.Length(max=10000))
    reason = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000), metadata={
        "description": "required where the list departs from the proposal"})


class EntrantsSchema(ma.Schema):
    id = ma.fields.Integer()
    cycle_id = ma.fields.Integer()
    stage = ma.fields.String()
    application_ids = ma.fields.List(ma.fields.Integer())
    proposal = ma.fields.Dict()
    reason = ma.fields.String()
    decided_at = ma.fields.DateTime()
    version = ma.fields.Integer()


class RankingSchema(ma.Schema):
    cycle_id = ma.fields.Integer()
    rule_version = ma.fields.String()
    tie_breaks = ma.fields.List(ma.fields.String(), metadata={"description": "the documented tie-break rule"})
    weights = ma.fields.Dict(metadata={
        "description": "per entry kind: the scale and each stage's weight, each with its article"})
    ranked = ma.fields.List(ma.fields.Dict(), metadata={
        "description": "[{rank, application_id, entry_kind, total, tie_break, points: {stage: {score, points}}}] "
                       "best first"})
    incomplete = ma.fields.List(ma.fields.Dict(), metadata={"description": "applications missing a stage's score"})
    allocation = TranslatedDict(metadata={
        "description": "per tier: winners, cuts (one line per reason and article, with the applications it cut), "
                       "preferences reported, shortfalls; reasons in the reader's language"})


class WinnerSchema(StrictSchema):
    application_id = Integer(required=True, validate=ID)
    tier = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=64))


class DecisionCreateSchema(StrictSchema):
    kind = ma.fields.Enum(DecisionKind, by_value=True, required=True)
    body = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200),
                            metadata={"description": "who decided, e.g. 市质量发展委员会"})
    decided_on = ma.fields.Date(required=True)
    winners = ma.fields.List(ma.fields.Nested(WinnerSchema), required=True, validate=ma.validate.Length(max=200))
    departures = ma.fields.Dict(keys=ma.fields.String(),
                                values=ma.fields.String(validate=ma.validate.Length(max=2000)),
                                load_default=dict, metadata={
                                    "description": "{application id: reason} for every place that differs from the "
                                                   "allocation"})
    members_present = Integer(allow_none=True, validate=ma.validate.Range(min=0, max=1000))
    votes_for = Integer(allow_none=True, validate=ma.validate.Range(min=0, max=1000))
    votes_against = Integer(allow_none=True, validate=ma.validate.Range(min=0, max=1000))
    abstentions = Integer(allow_none=True, validate=ma.validate.Range(min=0, max=1000))
    document = ma.fields.String(load_default="", validate=ma.validate.Length(max=200))
    note = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000))


class DecisionSchema(ma.Schema):
    id = ma.fields.Integer()
    cycle_id = ma.fields.Integer()
    kind = ma.fields.Function(lambda d: d.kind.value)
    body = ma.fields.String()
    decided_on = ma.fields.Date()
    members_present = ma.fields.Integer(allow_none=True)
    votes_for = ma.fields.Integer(allow_none=True)
    votes_against = ma.fields.Integer(allow_none=True)
    abstentions = ma.fields.Integer(allow_none=True)
    winners = ma.fields.List(ma.fields.Dict())
    departures = ma.fields.List(ma.fields.Dict())
    document = ma.fields.String()
    note = ma.fields.String()
    recorded_at = ma.fields.DateTime()


class BonusPutSchema(StrictSchema):
    counts = ma.fields.Dict(keys=ma.fields.String(), values=Integer(validate=ma.validate.Range(min=0, max=100000)),
                            required=True, validate=ma.validate.Length(max=20), metadata={
                                "description": "{bonus rule code: units verified}, e.g. {\"talent\": 3} "
                                               "(Yuncheng 第三条)"})
    note = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000),
                            metadata={"description": "the evidence checked"})


class BonusSchema(ma.Schema):
    id = ma.fields.Integer()
    cycle_id = ma.fields.Integer()
    application_id = ma.fields.Integer()
    counts = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    note = ma.fields.String()
    recorded_at = ma.fields.DateTime()
    version = ma.fields.Integer()
