"""Background jobs of the tenant, and the tenant export job."""
import marshmallow as ma
from flask import send_file
from flask.views import MethodView

from api.blueprint import Blueprint
from api.context import db, principal, runtime
from api.schemas import StrictSchema, limit_field
from core import jobs
from core.errors import Conflict
from core.models import JobStatus
from core.permissions import Permission
from core.services.exports import EXPORT_KIND, export_path

blp = Blueprint("jobs", __name__, url_prefix="/api/v1", description="Background jobs and exports")
blp.tenant_scoped = True


class JobSchema(ma.Schema):
    id = ma.fields.String()
    kind = ma.fields.String()
    status = ma.fields.Function(lambda j: j.status.value, metadata={"description": "queued, started, finished, failed"})
    progress = ma.fields.Integer(metadata={"description": "0-100"})
    message = ma.fields.String()
    result = ma.fields.Dict(allow_none=True)
    error = ma.fields.String(allow_none=True)
    backend = ma.fields.String(metadata={"description": "inprocess or rq"})
    created_at = ma.fields.DateTime()
    started_at = ma.fields.DateTime(allow_none=True)
    finished_at = ma.fields.DateTime(allow_none=True)


class JobQuerySchema(StrictSchema):
    kind = ma.fields.String()
    limit = limit_field()


class ExportRequestSchema(StrictSchema):
    pass


@blp.route("/jobs")
class Jobs(MethodView):
    @blp.auth(Permission.JOBS_READ)
    @blp.arguments(JobQuerySchema, location="query")
    @blp.response(200, JobSchema(many=True))
    def get(self, query):
        """The tenant's jobs, newest first."""
        return jobs.list_jobs(db(), **query)


@blp.route("/jobs/<string:job_id>")
class JobById(MethodView):
    @blp.auth(Permission.JOBS_READ)
    @blp.response(200, JobSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, job_id):
        """A job's status and progress."""
        return jobs.get_job(db(), runtime(), job_id)


@blp.route("/jobs/<string:job_id>/download")
class JobDownload(MethodView):
    @blp.auth(Permission.EXPORTS_RUN)
    @blp.response(200, description="The exported JSON file")
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def get(self, job_id):
        """Download the file a finished export produced."""
        job = jobs.get_job(db(), runtime(), job_id)
        if job.kind != EXPORT_KIND or job.status is not JobStatus.FINISHED:
            raise Conflict(f"job {job_id} is a {job.kind} job in status {job.status.value}; "
                           "only finished exports have a file")
        path = export_path(runtime().settings.exports_path, job.tenant_id, job.id)
        if not path.exists():
            raise Conflict(f"the export file of job {job_id} is not on this server "
                           "(exports are written where the worker ran)")
        return send_file(path, mimetype="application/json", as_attachment=True,
                         download_name=f"{principal().tenant_code}-export-{job.id}.json")


@blp.route("/exports")
class Exports(MethodView):
    @blp.auth(Permission.EXPORTS_RUN)
    @blp.arguments(ExportRequestSchema)
    @blp.response(202, JobSchema)
    def post(self, _data):
        """Start exporting the tenant's data to a JSON file; follow it at /api/v1/jobs/{id}."""
        return jobs.submit(db(), runtime(), principal(), EXPORT_KIND)
