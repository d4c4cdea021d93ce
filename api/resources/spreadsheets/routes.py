"""Workbooks an office exports, edits in Excel or WPS and imports back: the ledger in the columns of its
import (``POST /api/v1/ledger/imports`` reads it back), and the expert pool with its own import."""

from flask import request
from flask.views import MethodView

from api import downloads
from api.blueprint import Blueprint, file_body, file_type
from api.context import db, principal, runtime
from api.idempotency import idempotent
from api.resources.ledger.schemas import ImportQuerySchema
from api.resources.spreadsheets.schemas import ExpertImportResultSchema
from core.awards import imports
from core.platform import clock
from core.platform.permissions import Permission
from core.platform.services import tenants as tenant_service
from core.reports import expert_pool, ledger_sheet

blp = Blueprint("spreadsheets", __name__, url_prefix="/api/v1",
                description="Workbooks to edit and read back: the ledger in its import's columns, the expert pool")
blp.tenant_scoped = True

XLSX = imports.XLSX_TYPE
MEDIA_TYPES = (*imports.CSV_TYPES, XLSX)
WORKBOOK = {"200": {"description": "the xlsx workbook (one sheet)",
                    "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}}}


def _workbook(content: bytes, name: str):
    return downloads.workbook(content, f"{name}-{principal().tenant_code}-{clock.today().isoformat()}.xlsx",
                              "workbook", name)


@blp.route("/ledger/workbook")
class LedgerWorkbook(MethodView):
    @blp.auth(Permission.LEDGER_READ)
    @blp.response(200, description="The ledger as an xlsx workbook")
    @blp.doc(responses=WORKBOOK)
    def get(self):
        """The tenant's ledger as an xlsx workbook in the columns of its import.

        Awards, then sanctions, each column by its Chinese header, dates as dates. Edit it and send it back
        to POST /api/v1/ledger/imports: rows the ledger holds are answered as existing, changed ones as
        problems naming the row and column."""
        content = ledger_sheet.ledger_workbook(db(), runtime().registry, principal().tenant_id)
        return _workbook(content, "台账")


@blp.route("/experts/workbook")
class ExpertPoolWorkbook(MethodView):
    @blp.auth(Permission.REVIEW_READ)
    @blp.response(200, description="The expert pool as an xlsx workbook")
    @blp.doc(responses=WORKBOOK)
    def get(self):
        """The tenant's expert pool as an xlsx workbook, to edit and import back.

        编号, 版本 and every field the office enters, by Chinese headers, and the last qualification
        judgement (read-only). Edit it and send it back to POST /api/v1/experts/import."""
        return _workbook(expert_pool.pool_workbook(db()), "专家库")


IMPORT_BODY = {"required": True, "description": (
    "The spreadsheet itself (not JSON, not multipart): an xlsx workbook (its first sheet) or a CSV file "
    f"(UTF-8 with or without BOM, or GB18030), at most {expert_pool.MAX_BYTES // (1024 * 1024)} MiB and "
    f"{expert_pool.MAX_ROWS:,} rows. The first row names the columns, in Chinese or by the English alias: "
    "编号 (id: the expert to update; empty: a new expert), 版本 (version: the version read; a row whose expert "
    "changed since is refused), 姓名 (name), 职称级别 (title: 无/初级/中级/副高级/正高级 or none, junior, "
    "intermediate, vice_senior, senior), 职称名称 (title_name), 专业领域 (specialties, separated by ；, or 、), "
    "从事质量工作起始日期 (practice_started_on), 出生日期 (born_on), 工作单位 (employer_name), "
    "工作单位统一社会信用代码 (employer_uscc), 联系电话 (contact_phone), 电子邮箱 (contact_email), "
    "已确认的资格条件 (attested: qualification codes), 状态 (status: 在库/停用), 登录账号 (username of an "
    "expert login), 备注 (note); 资格审查 is read-only and ignored. A column the sheet lacks is left as it "
    "is; an empty cell of a column it has clears the field."),
    "content": {media: {"schema": {"type": "string", "format": "binary"}} for media in imports.MEDIA_TYPES}}


@blp.route("/experts/import")
class ExpertPoolImport(MethodView):
    @blp.auth(Permission.REVIEW_MANAGE)
    @file_body(lambda: expert_pool.MAX_BYTES)
    @idempotent(blp)
    @blp.arguments(ImportQuerySchema, location="query")
    @blp.doc(requestBody=IMPORT_BODY)
    @blp.response(201, ExpertImportResultSchema)
    @blp.alt_response(200, schema=ExpertImportResultSchema,
                      description="dry run: every row's problems and plan, nothing written")
    @blp.alt_response(413, response="UNPROCESSABLE_ENTITY", description="the file is larger than the limit")
    @blp.alt_response(415, response="UNPROCESSABLE_ENTITY", description="not text/csv nor xlsx")
    def post(self, query):
        """Add and change experts from a spreadsheet (the sheet of GET /api/v1/experts/workbook).

        Send the file as the raw body with its Content-Type: text/csv or
        application/vnd.openxmlformats-officedocument.spreadsheetml.sheet. dry_run=true (default) answers
        200 with every row's problems ({row, field, problem}) and plan (create, update with the changed
        fields, unchanged), judged by the regulation's qualifications, and writes nothing; dry_run=false
        applies every row or none (422 with the problems) as the one-by-one endpoints do, and answers 201."""
        media_type = file_type(MEDIA_TYPES)
        tenant = tenant_service.get_tenant(db(), principal().tenant_id)
        result = expert_pool.import_pool(db(), runtime().registry, principal(), tenant,
                                         request.get_data(cache=True), media_type, dry_run=query["dry_run"])
        return result, 200 if query["dry_run"] else 201


BLUEPRINTS = [blp]
