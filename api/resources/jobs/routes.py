"""Background jobs of the tenant, and the tenant export job."""
import io

import marshmallow as ma
from flask import send_file
from flask.views import MethodView

from api.blueprint import Blueprint
from api.context import db, principal, runtime
from api.idempotency import idempotent
from api.paging import PageQuerySchema, page_of
from api.schemas import StrictSchema
from core.platform import jobs
from core.errors import Conflict
from core.platform.models import JobStatus
from core.platform.permissions import Permission
from core.platform.services import exports
from core.platform.services.exports import EXPORT_KIND
from core.engine.messages import _

blp = Blueprint("jobs", __name__, url_prefix="/api/v1", description="Background jobs and exports")
blp.tenant_scoped = True

STATUS_HELP = ("queued; started; retrying (its worker died, rq will run it again); finished; failed; "
               "interrupted (shown, never stored: started, but its process stopped sending heartbeats; "
               "a retry or a failure follows)")


class JobSummarySchema(ma.Schema):
    id = ma.fields.String()
    kind = ma.fields.String()
    status = ma.fields.Function(lambda j: jobs.shown_status(j), metadata={"description": STATUS_HELP})
    progress = ma.fields.Integer(metadata={"description": "0-100"})
    message = ma.fields.String()
    error = ma.fields.String(allow_none=True)
    backend = ma.fields.String(metadata={"description": "inprocess or rq"})
    attempts = ma.fields.Integer(metadata={"description": "runs started so far (a retry after a lost worker adds one)"})
    created_at = ma.fields.DateTime()
    started_at = ma.fields.DateTime(allow_none=True, metadata={"description": "start of the latest attempt"})
    finished_at = ma.fields.DateTime(allow_none=True)
    heartbeat_at = ma.fields.DateTime(allow_none=True, metadata={"description": "last sign of life of its process"})


class JobSchema(JobSummarySchema):
    result = ma.fields.Dict(allow_none=True)


class JobQuerySchema(PageQuerySchema):
    kind = ma.fields.String(validate=ma.validate.Length(min=1, max=64))


class ExportRequestSchema(StrictSchema):
    pass


@blp.route("/jobs")
class Jobs(MethodView):
    @blp.auth(Permission.JOBS_READ)
    @blp.arguments(JobQuerySchema, location="query")
    @blp.response(200, page_of(JobSummarySchema))
    def get(self, query):
        """The tenant's jobs, newest first, one page at a time."""
        return jobs.list_jobs(db(), **query)


@blp.route("/jobs/<string:job_id>")
class JobById(MethodView):
    @blp.auth(Permission.JOBS_READ)
    @blp.response(200, JobSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, job_id):
        """A job's status, progress and result."""
        return jobs.get_job(db(), job_id)


@blp.route("/jobs/<string:job_id>/download")
class JobDownload(MethodView):
    @blp.auth(Permission.EXPORTS_RUN, Permission.REVIEW_READ)  # then the job kind's own (exports.DOWNLOADS)
    @blp.response(200, description="The job's file: the tenant export's JSON, or a workbook (xlsx)")
    @blp.alt_response(403, response="FORBIDDEN")
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def get(self, job_id):
        """Download the file a finished job produced (from the shared export storage), under its own name
        and media type. The permission is the one that starts a job of its kind: exports.run for the
        tenant export, review.read for the cycle and committee workbooks."""
        job = jobs.get_job(db(), job_id)
        needed = exports.DOWNLOADS.get(job.kind)
        if needed is not None:
            principal().require(needed)
        if needed is None or job.status is not JobStatus.FINISHED:
            raise Conflict(_("job {id} is a {kind} job in status {status}; only finished jobs that write a file "
                             "({kinds}) have one", id=job_id, kind=job.kind, status=jobs.shown_status(job),
                             kinds=", ".join(sorted(exports.DOWNLOADS))))
        stored = exports.read(runtime(), db(), job.id)
        name = (f"{principal().tenant_code}-export-{job.id}.json" if job.kind == EXPORT_KIND else stored.filename)
        response = send_file(io.BytesIO(stored.content), mimetype=stored.media_type, as_attachment=True,
                             download_name=name)
        response.headers["X-Content-SHA256"] = stored.sha256
        return response


@blp.route("/exports")
class Exports(MethodView):
    @blp.auth(Permission.EXPORTS_RUN)
    @idempotent(blp)
    @blp.arguments(ExportRequestSchema)
    @blp.response(202, JobSchema)
    def post(self, _data):
        """Start exporting the tenant's archive to a JSON file; follow it at /api/v1/jobs/{id}."""
        return jobs.submit(db(), runtime(), principal(), EXPORT_KIND)
