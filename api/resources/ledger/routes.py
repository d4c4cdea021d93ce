"""The tenant's ledger of earlier awards and sanctions (what eligibility reads), and its import."""
from flask import request
from flask.views import MethodView

from api import versioning
from api.blueprint import Blueprint, file_body, file_type
from api.context import db, principal, runtime
from api.idempotency import idempotent
from api.paging import page_of
from api.resources.ledger.schemas import (
    ImportQuerySchema, ImportResultSchema, LedgerAwardCreateSchema, LedgerAwardSchema, LedgerQuerySchema,
    LedgerSanctionCreateSchema, LedgerSanctionSchema,
)
from core.awards import imports, ledger
from core.platform.permissions import Permission

blp = Blueprint("ledger", __name__, url_prefix="/api/v1/ledger",
                description="Earlier awards and sanctions of the tenant: screening reads them, never the client's")
blp.tenant_scoped = True
versioning.install(blp)


@blp.route("/awards")
class LedgerAwards(MethodView):
    @blp.auth(Permission.LEDGER_READ)
    @blp.arguments(LedgerQuerySchema, location="query")
    @blp.response(200, page_of(LedgerAwardSchema))
    def get(self, query):
        """The tenant's recorded awards, in the order they were entered."""
        return ledger.awards_page(db(), **query)

    @blp.auth(Permission.LEDGER_MANAGE)
    @idempotent(blp)
    @blp.arguments(LedgerAwardCreateSchema)
    @blp.response(201, LedgerAwardSchema, headers=versioning.ETAG_HEADER)
    def post(self, data):
        """Record one earlier award (tier, entry kind and category codes of the tenant's jurisdiction)."""
        row = ledger.record_award(db(), runtime().registry, principal(), data)
        return row, versioning.etag(row.version)


@blp.route("/sanctions")
class LedgerSanctions(MethodView):
    @blp.auth(Permission.LEDGER_READ)
    @blp.arguments(LedgerQuerySchema, location="query")
    @blp.response(200, page_of(LedgerSanctionSchema))
    def get(self, query):
        """The tenant's recorded sanctions, in the order they were entered."""
        return ledger.sanctions_page(db(), **query)

    @blp.auth(Permission.LEDGER_MANAGE)
    @idempotent(blp)
    @blp.arguments(LedgerSanctionCreateSchema)
    @blp.response(201, LedgerSanctionSchema, headers=versioning.ETAG_HEADER)
    def post(self, data):
        """Record one sanction (a violation code of the jurisdiction; its article is kept with it)."""
        row = ledger.record_sanction(db(), runtime().registry, principal(), data)
        return row, versioning.etag(row.version)


IMPORT_BODY = {"required": True, "description": (
    "The spreadsheet itself (not JSON, not multipart): an xlsx workbook (its first sheet) or a CSV file "
    "(UTF-8 with or without BOM, or GB18030), at most 5 MiB and 10,000 rows. The first row names the columns, "
    "in Chinese or by the English alias: 类别 (record; 获奖/award or 处罚/sanction, required), 名称 (name), "
    "统一社会信用代码 (uscc), 工作单位 (employer_name), 工作单位统一社会信用代码 (employer_uscc), "
    "申报类型 (subject_kind; 组织/个人), 奖项 (tier; code or name), 类别/行业 (category), 届次/年度 (cycle_year), "
    "获奖日期 (awarded_on), 撤销日期 (revoked_on), 处罚种类 (kind; violation code or description), "
    "决定日期 (decided_on), 禁止申报截止日期 (ban_until), 备注 (note). Dates as 2021-05-01, 2021/5/1 or "
    "2021年5月1日, or spreadsheet dates."),
    "content": {media: {"schema": {"type": "string", "format": "binary"}} for media in imports.MEDIA_TYPES}}


@blp.route("/imports")
class LedgerImports(MethodView):
    @blp.auth(Permission.LEDGER_MANAGE)
    @file_body(lambda: imports.MAX_BYTES)
    @idempotent(blp)
    @blp.arguments(ImportQuerySchema, location="query")
    @blp.doc(requestBody=IMPORT_BODY)
    @blp.response(201, ImportResultSchema)
    @blp.alt_response(200, schema=ImportResultSchema, description="dry run: every row's problems, nothing written")
    @blp.alt_response(413, response="UNPROCESSABLE_ENTITY", description="the file is larger than 5 MiB")
    @blp.alt_response(415, response="UNPROCESSABLE_ENTITY", description="not text/csv nor xlsx")
    def post(self, query):
        """Import earlier winners and sanctions from a spreadsheet. Send the file as the raw body with its
        Content-Type: text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.
        dry_run=true (default) answers 200 with every row's problems ({row, field, problem}) and writes
        nothing; dry_run=false writes every row or none (422 with the problems), tagged with one
        import_batch, and answers 201."""
        media_type = file_type((*imports.CSV_TYPES, imports.XLSX_TYPE))
        result = imports.import_ledger(db(), runtime().registry, principal(), request.get_data(cache=True),
                                       media_type, dry_run=query["dry_run"])
        return result, 200 if query["dry_run"] else 201


BLUEPRINTS = [blp]
