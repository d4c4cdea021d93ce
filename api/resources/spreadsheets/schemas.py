import marshmallow as ma

from api.resources.ledger.schemas import ImportProblemSchema


class ExpertImportFindingSchema(ma.Schema):
    code = ma.fields.String()
    outcome = ma.fields.String(metadata={"description": "failed or needs_attestation (passed ones are not listed)"})
    strict = ma.fields.Boolean(metadata={"description": "false: a softened condition (一般…): flagged, not refused"})
    explanation = ma.fields.String()
    article = ma.fields.String(metadata={"description": "the article it rests on, e.g. nantong/2020 第九条（三）"})


class ExpertImportPlanSchema(ma.Schema):
    row = ma.fields.Integer(metadata={"description": "the row number as the spreadsheet shows it (header = 1)"})
    action = ma.fields.String(metadata={"description": "create, update or unchanged"})
    id = ma.fields.Integer(allow_none=True, metadata={
        "description": "the expert updated; for a create, the new expert's id after a real run (null in a dry run)"})
    name = ma.fields.String()
    changes = ma.fields.List(ma.fields.String(), metadata={"description": "the fields an update changes"})
    flagged = ma.fields.Boolean(metadata={"description": "a softened qualification fails: see findings"})
    findings = ma.fields.List(ma.fields.Nested(ExpertImportFindingSchema))


class ExpertImportResultSchema(ma.Schema):
    dry_run = ma.fields.Boolean()
    rows = ma.fields.Integer(metadata={"description": "data rows read"})
    creates = ma.fields.Integer()
    updates = ma.fields.Integer()
    unchanged = ma.fields.Integer()
    plan = ma.fields.List(ma.fields.Nested(ExpertImportPlanSchema), metadata={
        "description": "what each row without problems does (written unless a dry run)"})
    problems = ma.fields.List(ma.fields.Nested(ImportProblemSchema))
    import_batch = ma.fields.String(allow_none=True, metadata={
        "description": "the id of the experts.imported audit event's target (null in a dry run or when nothing changed)"})
