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
    @blp.auth(Permission.EXPORTS_RUN)
    @blp.response(200, description="The exported JSON file")
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def get(self, job_id):
        """Download the file a finished export produced (from the shared export storage)."""
        job = jobs.get_job(db(), job_id)
        if job.kind != EXPORT_KIND or job.status is not JobStatus.FINISHED:
            raise Conflict(f"job {job_id} is a {job.kind} job in status {jobs.shown_status(job)}; "
                           "only finished exports have a file")
        stored = exports.read(runtime(), db(), job.id)
        response = send_file(io.BytesIO(stored.content), mimetype=stored.media_type, as_attachment=True,
                             download_name=f"{principal().tenant_code}-export-{job.id}.json")
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
