import marshmallow as ma


class RuleVersionSchema(ma.Schema):
    code = ma.fields.String()
    title = ma.fields.String()
    stage = ma.fields.Function(lambda v: v.stage.value, metadata={"description": "draft (for comment) or adopted"})
    status = ma.fields.Method("_status", metadata={
        "description": "On today's date (Asia/Shanghai): draft, not_yet_in_force, in_force or expired"})
    document_number = ma.fields.String(allow_none=True)
    issued_on = ma.fields.Date(allow_none=True)
    effective_from = ma.fields.Date(allow_none=True)
    effective_until = ma.fields.Date(allow_none=True)
    replaces = ma.fields.String(allow_none=True)
    notes = ma.fields.String()

    def _status(self, version):
        return version.status_on(self.context_day()).value

    def context_day(self):
        from api.context import today

        return today()


class TierSchema(ma.Schema):
    code = ma.fields.String()
    name = ma.fields.String()
    rank = ma.fields.Integer()


class EntryKindSchema(ma.Schema):
    code = ma.fields.String()
    name = ma.fields.String()


class JurisdictionSchema(ma.Schema):
    code = ma.fields.String(attribute="jurisdiction.code")
    name = ma.fields.String(attribute="jurisdiction.name")
    name_en = ma.fields.String(attribute="jurisdiction.name_en")
    award_name = ma.fields.String(attribute="jurisdiction.award_name")
    level = ma.fields.String(attribute="jurisdiction.level")
    parent = ma.fields.String(attribute="jurisdiction.parent", allow_none=True)
    versions = ma.fields.List(ma.fields.Nested(RuleVersionSchema), attribute="jurisdiction.versions")
    version_in_force = ma.fields.Method("_in_force", allow_none=True)
    tiers = ma.fields.List(ma.fields.Nested(TierSchema), attribute="jurisdiction.tiers")
    entry_kinds = ma.fields.List(ma.fields.Nested(EntryKindSchema), attribute="jurisdiction.entry_kinds")
    hooks = ma.fields.List(ma.fields.String(), metadata={"description": "Hooks this plugin implements"})
    package = ma.fields.String(attribute="distribution", allow_none=True)
    package_version = ma.fields.String(attribute="distribution_version", allow_none=True)

    def _in_force(self, installed):
        from api.context import today

        version = installed.jurisdiction.version_in_force(today())
        return version.code if version else None
