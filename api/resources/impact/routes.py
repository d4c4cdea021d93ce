"""What another rule version would change (issue 13): a cycle re-judged under another version, as JSON and
as a workbook, and, for central admins, who is bound to which version and the counts of a cycle's impact."""
from __future__ import annotations

from flask.views import MethodView

from api import downloads
from api.blueprint import Blueprint
from api.context import db, runtime, today
from api.paging import page_of
from api.resources.impact.schemas import (
    AdminImpactSchema, ImpactPageSchema, ImpactQuerySchema, ImpactVersionQuerySchema, RuleBindingQuerySchema,
    RuleBindingSchema,
)
from core.platform.permissions import Permission
from core.reports import impact

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

blp = Blueprint("impact", __name__, url_prefix="/api/v1/cycles",
                description="Impact reports: a cycle's applications re-judged under another rule version")
blp.tenant_scoped = True
admin_blp = Blueprint("admin_rules", __name__, url_prefix="/api/v1/admin",
                      description="Central admin: tenants' rule bindings, and counts of what another version changes")


@blp.route("/<int:cycle_id>/impact")
class CycleImpact(MethodView):
    @blp.auth(Permission.REVIEW_READ)
    @blp.arguments(ImpactQuerySchema, location="query")
    @blp.response(200, ImpactPageSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, query, cycle_id):
        """The cycle's applications re-judged under another rule version, beside the pinned one: eligibility
        with the changed findings, totals, allocation and rewards, each difference with both versions'
        articles; the summary, then a page of applications by id (changed_only keeps those that change)."""
        return impact.page(db(), runtime().registry, cycle_id, **query)


@blp.route("/<int:cycle_id>/impact.xlsx")
class CycleImpactWorkbook(MethodView):
    @blp.auth(Permission.REVIEW_READ)
    @blp.arguments(ImpactVersionQuerySchema, location="query")
    @blp.response(200, description="The workbook: 概要, 差异, 全部申报")
    @blp.doc(responses={"200": {"content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}}})
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, query, cycle_id):
        """The impact report as an Excel workbook: 概要 (summary), 差异 (each difference with both articles)
        and 全部申报 (every application under both versions side by side)."""
        content, report = impact.workbook(db(), runtime().registry, cycle_id, query["version"])
        name = f"{report.cycle.year}-{report.bound.version.code}-{report.other.version.code}-影响分析.xlsx"
        return downloads.workbook(content, name, "cycle", cycle_id, {"impact_of_version": report.other.version.code})


@admin_blp.route("/rule-bindings")
class RuleBindings(MethodView):
    @admin_blp.auth(Permission.PLATFORM_ADMIN)
    @admin_blp.arguments(RuleBindingQuerySchema, location="query")
    @admin_blp.response(200, page_of(RuleBindingSchema))
    def get(self, query):
        """Every tenant with its jurisdiction, bound version and that version's status today (draft, expired,
        in force, not yet in force, unresolvable), and the versions its open cycles pinned (counts only)."""
        return impact.rule_bindings_page(db(), runtime().registry, today=today(), **query)


@admin_blp.route("/tenants/<string:code>/cycles/<int:cycle_id>/impact")
class AdminCycleImpact(MethodView):
    @admin_blp.auth(Permission.PLATFORM_ADMIN)
    @admin_blp.arguments(ImpactVersionQuerySchema, location="query")
    @admin_blp.response(200, AdminImpactSchema)
    @admin_blp.alt_response(404, response="NOT_FOUND")
    def get(self, query, code, cycle_id):
        """What another rule version would change in a tenant's cycle, for central admins: the summary counts
        and the differences counted by article. No applicant, no name, no fact."""
        return impact.admin_summary(db(), runtime().registry, code, cycle_id, query["version"])


BLUEPRINTS = [blp, admin_blp]
