"""Applications: the applicant's drafts, submission, withdrawal and change requests; the office's and
supervisors' reading; the office's decisions on change requests."""
from flask.views import MethodView

from api import versioning
from api.blueprint import Blueprint
from api.context import db, principal, runtime
from api.idempotency import idempotent
from api.paging import PageQuerySchema, page_of
from api.resources.applications.schemas import (
    ApplicationCreateSchema, ApplicationItemSchema, ApplicationQuerySchema, ApplicationSchema, ApplicationUpdateSchema,
    ApplicationVersionSchema, ChangeApprovalSchema, ChangeDecisionSchema, ChangeRefusalSchema, ChangeRequestCreateSchema,
    ChangeRequestSchema,
)
from core.applications import services as application_service
from core.platform.permissions import Permission

blp = Blueprint("applications", __name__, url_prefix="/api/v1/applications",
                description="Applications: drafts, submission by the deadline, kept versions, change requests")
blp.tenant_scoped = True
versioning.install(blp)

change_requests = Blueprint("change_requests", __name__, url_prefix="/api/v1/change-requests",
                            description="The office's decisions on applicants' change requests")
change_requests.tenant_scoped = True
versioning.install(change_requests)

READERS = (Permission.APPLICATIONS_READ, Permission.APPLY)
"""The office and supervisors read every application of the tenant; an applicant its own."""


@blp.route("")
class Applications(MethodView):
    @blp.auth(*READERS)
    @blp.arguments(ApplicationQuerySchema, location="query")
    @blp.response(200, page_of(ApplicationItemSchema))
    def get(self, query):
        """Applications, a page at a time in the order they were created.

        An applicant sees its own. The office and supervisors see the tenant's, drafts excepted unless
        ``status=draft`` is asked (a draft is the applicant's working copy, not yet before the office).
        """
        return application_service.applications_page(db(), principal(), **query)

    @blp.auth(Permission.APPLY)
    @idempotent(blp)
    @blp.arguments(ApplicationCreateSchema)
    @blp.response(201, ApplicationSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data):
        """Start an application (a draft) to an open cycle: entry kind, tier(s), category and the facts
        so far. Every field given is checked (faults named ``facts.<path>``); none is required yet."""
        application = application_service.create_application(db(), runtime().registry, principal(), **data)
        return application, versioning.etag(application.version)


@blp.route("/<int:application_id>")
class ApplicationById(MethodView):
    @blp.auth(*READERS)
    @blp.response(200, ApplicationSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, application_id):
        """One application with its facts and deadlines; the ETag is its version."""
        application = application_service.get_application(db(), principal(), application_id)
        return application, versioning.etag(application.version)

    @blp.auth(Permission.APPLY)
    @versioning.documented(blp)
    @blp.arguments(ApplicationUpdateSchema)
    @blp.response(200, ApplicationSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def patch(self, data, application_id):
        """Change a draft (or an application sent back for corrections): facts (replaced as a whole),
        tiers, category. A refused change leaves the stored draft as it was. A submitted application is
        frozen (409): ask for a change through its change requests."""
        application = application_service.update_application(db(), runtime().registry, principal(), application_id,
                                                             expected_version=versioning.if_match(), **data)
        return application, versioning.etag(application.version)


@blp.route("/<int:application_id>/submit")
class SubmitApplication(MethodView):
    @blp.auth(Permission.APPLY)
    @idempotent(blp)
    @versioning.documented(blp, required=False)
    @blp.response(200, ApplicationSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, application_id):
        """Submit by the deadline (the application stage's last day, or an extension, included,
        Asia/Shanghai; corrections by the correction's deadline). Every fact is checked; the facts are
        kept as a new version and frozen. After the deadline: 409 ``deadline_passed`` naming it.
        A retry with the same Idempotency-Key replays the first answer."""
        application = application_service.submit(db(), runtime().registry, principal(), application_id,
                                                 expected_version=versioning.if_match(required=False))
        return application, versioning.etag(application.version)


@blp.route("/<int:application_id>/withdraw")
class WithdrawApplication(MethodView):
    @blp.auth(Permission.APPLY)
    @versioning.documented(blp, required=False)
    @blp.response(200, ApplicationSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, application_id):
        """Withdraw a draft, a submitted application or one sent back for corrections."""
        application = application_service.withdraw(db(), principal(), application_id,
                                                   expected_version=versioning.if_match(required=False))
        return application, versioning.etag(application.version)


@blp.route("/<int:application_id>/versions")
class ApplicationVersions(MethodView):
    @blp.auth(*READERS)
    @blp.arguments(PageQuerySchema, location="query")
    @blp.response(200, page_of(ApplicationVersionSchema))
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, query, application_id):
        """Every kept version of the facts (one per submission, correction and approved change), oldest first."""
        return application_service.versions_page(db(), principal(), application_id, **query)


@blp.route("/<int:application_id>/change-requests")
class ApplicationChangeRequests(MethodView):
    @blp.auth(*READERS)
    @blp.arguments(PageQuerySchema, location="query")
    @blp.response(200, page_of(ChangeRequestSchema))
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, query, application_id):
        """The application's change requests, oldest first."""
        return application_service.change_requests_page(db(), principal(), application_id, **query)

    @blp.auth(Permission.APPLY)
    @idempotent(blp)
    @blp.arguments(ChangeRequestCreateSchema)
    @blp.response(201, ChangeRequestSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data, application_id):
        """Ask the office to replace a submitted or accepted application's facts with complete new ones."""
        change = application_service.request_change(db(), runtime().registry, principal(), application_id, **data)
        return change, versioning.etag(change.version)


@change_requests.route("/<int:request_id>/approve")
class ApproveChange(MethodView):
    @change_requests.auth(Permission.SCREENING)
    @versioning.documented(change_requests, required=False)
    @change_requests.arguments(ChangeApprovalSchema)
    @change_requests.response(200, ChangeDecisionSchema, headers=versioning.ETAG_HEADER)
    @change_requests.alt_response(404, response="NOT_FOUND")
    def post(self, data, request_id):
        """Approve a change: the facts become a new kept version; an accepted application goes back to
        ``submitted`` to be screened again (``applied_to.rescreening``)."""
        change = application_service.decide_change(db(), runtime().registry, principal(), request_id, approve=True,
                                                   note=data["note"],
                                                   expected_version=versioning.if_match(required=False))
        return change, versioning.etag(change.version)


@change_requests.route("/<int:request_id>/refuse")
class RefuseChange(MethodView):
    @change_requests.auth(Permission.SCREENING)
    @versioning.documented(change_requests, required=False)
    @change_requests.arguments(ChangeRefusalSchema)
    @change_requests.response(200, ChangeDecisionSchema, headers=versioning.ETAG_HEADER)
    @change_requests.alt_response(404, response="NOT_FOUND")
    def post(self, data, request_id):
        """Refuse a change, saying why; the application keeps its facts."""
        change = application_service.decide_change(db(), runtime().registry, principal(), request_id, approve=False,
                                                   note=data["note"],
                                                   expected_version=versioning.if_match(required=False))
        return change, versioning.etag(change.version)


BLUEPRINTS = [blp, change_requests]
