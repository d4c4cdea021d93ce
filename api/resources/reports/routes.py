"""Workbooks of a cycle for the quality office and the approval meeting, built as background jobs."""
import marshmallow as ma
from flask.views import MethodView

from api.blueprint import Blueprint
from api.context import db, principal, runtime
from api.idempotency import idempotent
from api.resources.jobs.routes import JobSchema
from api.schemas import StrictSchema
from core.platform.permissions import Permission
from core.reports import workbooks

blp = Blueprint("reports", __name__, url_prefix="/api/v1", description="Cycle and committee workbooks (Excel)")
blp.tenant_scoped = True


class WorkbookRequestSchema(StrictSchema):
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(sorted(workbooks.KINDS)), metadata={
        "description": "cycle: every part of the cycle, one typed sheet each (applications, screening, experts "
                       "and panels, score sheets, stage results, ranking and quotas, awards and rewards, "
                       "objections, obligations); committee: the committee's review report (评审情况报告) with "
                       "its summary, ranking, disagreement flags and charts"})


@blp.route("/cycles/<int:cycle_id>/workbooks")
class CycleWorkbooks(MethodView):
    @blp.auth(Permission.REVIEW_READ)
    @idempotent(blp)
    @blp.arguments(WorkbookRequestSchema)
    @blp.response(202, JobSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data, cycle_id):
        """Start building a cycle's workbook (xlsx); follow the job at /api/v1/jobs/{id}, then download it
        from /api/v1/jobs/{id}/download."""
        return workbooks.start(db(), runtime(), principal(), cycle_id, data["kind"])


BLUEPRINTS = [blp]
