import marshmallow as ma

from api.paging import PageQuerySchema
from api.schemas import Boolean, Integer, StrictSchema, Translated
from core.applications.uscc import PATTERN as USCC_PATTERN

CODE = ma.validate.Length(min=1, max=64)
NAME = ma.validate.Length(min=1, max=200)
USCC = ma.validate.Regexp(USCC_PATTERN, error="a 统一社会信用代码 has 18 characters of GB 32100-2015's alphabet")
SUBJECT_KIND = ma.validate.OneOf(["organization", "individual"])


class _Subject(StrictSchema):
    subject_kind = ma.fields.String(required=True, validate=SUBJECT_KIND, metadata={
        "description": "organization (identified by uscc) or individual (by name and employer)"})
    name = ma.fields.String(required=True, validate=NAME)
    uscc = ma.fields.String(load_default=None, allow_none=True, validate=USCC,
                            metadata={"description": "an organisation's 统一社会信用代码 (checked)"})
    employer_name = ma.fields.String(load_default=None, allow_none=True, validate=NAME)
    employer_uscc = ma.fields.String(load_default=None, allow_none=True, validate=USCC)
    note = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000))


class LedgerAwardCreateSchema(_Subject):
    tier = ma.fields.String(required=True, validate=CODE, metadata={"description": "a tier code of the jurisdiction"})
    entry_kind = ma.fields.String(load_default=None, allow_none=True, validate=CODE, metadata={
        "description": "the entry kind that won (default: the subject kind)"})
    category = ma.fields.String(load_default=None, allow_none=True, validate=CODE)
    cycle_year = Integer(required=True, validate=ma.validate.Range(min=1949, max=2200))
    awarded_on = ma.fields.Date(load_default=None, allow_none=True,
                                metadata={"description": "the award day; null when only the cycle year is known"})
    revoked_on = ma.fields.Date(load_default=None, allow_none=True)


class LedgerSanctionCreateSchema(_Subject):
    kind = ma.fields.String(required=True, validate=CODE, metadata={
        "description": "a violation code of the jurisdiction (GET /api/v1/tenant/rules/summary lists them)"})
    decided_on = ma.fields.Date(required=True)
    ban_until = ma.fields.Date(load_default=None, allow_none=True,
                               metadata={"description": "the last day (included) the subject may not apply"})


class _SubjectOut(ma.Schema):
    id = ma.fields.Integer()
    subject_kind = ma.fields.String()
    name = ma.fields.String()
    uscc = ma.fields.String(allow_none=True)
    employer_name = ma.fields.String(allow_none=True)
    employer_uscc = ma.fields.String(allow_none=True)
    source = ma.fields.Function(lambda r: r.source.value, metadata={"description": "imported, recorded or cycle"})
    import_batch = ma.fields.String(allow_none=True)
    note = ma.fields.String()
    created_at = ma.fields.DateTime()
    version = ma.fields.Integer()


class LedgerAwardSchema(_SubjectOut):
    tier = ma.fields.String()
    entry_kind = ma.fields.String()
    category = ma.fields.String(allow_none=True)
    cycle_year = ma.fields.Integer()
    awarded_on = ma.fields.Date(allow_none=True)
    revoked_on = ma.fields.Date(allow_none=True)
    application_id = ma.fields.Integer(allow_none=True)


class LedgerSanctionSchema(_SubjectOut):
    kind = ma.fields.String()
    decided_on = ma.fields.Date()
    ban_until = ma.fields.Date(allow_none=True)
    citation = ma.fields.Dict(allow_none=True)


class LedgerQuerySchema(PageQuerySchema):
    pass


class ImportQuerySchema(StrictSchema):
    dry_run = Boolean(load_default=True, metadata={
        "description": "true (default): list every row's problems and write nothing; false: import all rows or none"})


class ImportProblemSchema(ma.Schema):
    row = ma.fields.Integer(metadata={"description": "the row number as the spreadsheet shows it (header = 1)"})
    field = ma.fields.String()
    problem = Translated(metadata={"description": "what is wrong, in the reader's language"})


class ImportExistingSchema(ma.Schema):
    row = ma.fields.Integer(metadata={"description": "the row number as the spreadsheet shows it (header = 1)"})
    record = ma.fields.String(metadata={"description": "award or sanction"})
    id = ma.fields.Integer(metadata={"description": "the ledger row it already is"})


class ImportResultSchema(ma.Schema):
    dry_run = ma.fields.Boolean()
    rows = ma.fields.Integer(metadata={"description": "data rows read"})
    awards = ma.fields.Integer(metadata={"description": "new award rows without problems (written unless a dry run)"})
    sanctions = ma.fields.Integer(metadata={"description": "new sanction rows without problems"})
    existing = ma.fields.List(ma.fields.Nested(ImportExistingSchema), metadata={
        "description": "rows the ledger already holds unchanged (an exported sheet read back): not written again"})
    problems = ma.fields.List(ma.fields.Nested(ImportProblemSchema))
    import_batch = ma.fields.String(allow_none=True, metadata={"description": "the id every imported row carries"})
