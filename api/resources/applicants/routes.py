"""Applicants: self-registration for an open cycle (no token), invitations and approvals by the office,
and the applicant's own record."""
from flask.views import MethodView

from api import versioning
from api.blueprint import Blueprint
from api.context import db, principal
from api.idempotency import idempotent
from api.paging import page_of
from api.resources.applicants.schemas import (
    ApplicantInviteSchema, ApplicantQuerySchema, ApplicantRefusalSchema, ApplicantReviewSchema, ApplicantSchema,
    ApplicantContactSchema, ApplicantUpdateSchema, RegisteredSchema, RegistrationSchema,
)
from core.applications import applicants as applicant_service
from core.platform.permissions import Permission

blp = Blueprint("applicants", __name__, url_prefix="/api/v1/applicants",
                description="Applicants (organisations and individuals) and the office's approval of their accounts")
blp.tenant_scoped = True
versioning.install(blp)

registrations = Blueprint("registrations", __name__, url_prefix="/api/v1/registrations",
                          description="Self-registration of applicants for an open cycle (no token)")

REGISTRATION_ENDPOINT = "registrations.Registrations"
"""The endpoint that should carry the strict per-address limit of logins (it takes no token)."""


@registrations.route("")
class Registrations(MethodView):
    @registrations.arguments(RegistrationSchema)
    @registrations.response(202, RegisteredSchema)
    @registrations.alt_response(409, response="CONFLICT")
    def post(self, data):
        """Register as an applicant for an open cycle of an office, without a token.

        Creates a disabled applicant user and a pending applicant; the account works once the office
        approves it. An organisation gives its 统一社会信用代码 (checked against GB 32100-2015), an
        individual its employer. An unknown office, or a cycle that is not open there, is 422 naming
        the field; a username or code already registered with the office is 409 naming it.
        """
        applicant_service.register(db(), **data)
        return {"status": "pending",
                "message": "registered; the office reviews the account before it can log in"}


@blp.route("")
class Applicants(MethodView):
    @blp.auth(Permission.APPLICANTS_READ)
    @blp.arguments(ApplicantQuerySchema, location="query")
    @blp.response(200, page_of(ApplicantSchema))
    def get(self, query):
        """The office's applicants, a page at a time in the order they were created (filter by status)."""
        return applicant_service.applicants_page(db(), **query)

    @blp.auth(Permission.APPLICANTS_MANAGE)
    @idempotent(blp)
    @blp.arguments(ApplicantInviteSchema)
    @blp.response(201, ApplicantSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data):
        """Invite an applicant: its user is active at once, with the password the office gives."""
        applicant = applicant_service.invite(db(), principal(), **data)
        return applicant, versioning.etag(applicant.version)


@blp.route("/me")
class MyApplicant(MethodView):
    @blp.auth(Permission.APPLY)
    @blp.response(200, ApplicantSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self):
        """The caller's own applicant record; the ETag is its version."""
        applicant = applicant_service.applicant_of(db(), principal())
        return applicant, versioning.etag(applicant.version)

    @blp.auth(Permission.APPLY)
    @versioning.documented(blp)
    @blp.arguments(ApplicantContactSchema)
    @blp.response(200, ApplicantSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def patch(self, data):
        """Change the caller's own contact fields (If-Match: the version you read); the identity the
        ledger is matched on (name, 统一社会信用代码, employer) is changed by the office only."""
        session, who = db(), principal()
        applicant = applicant_service.update_applicant(session, who, applicant_service.applicant_of(session, who),
                                                       expected_version=versioning.if_match(), **data)
        return applicant, versioning.etag(applicant.version)


@blp.route("/<int:applicant_id>")
class ApplicantById(MethodView):
    @blp.auth(Permission.APPLICANTS_READ)
    @blp.response(200, ApplicantSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, applicant_id):
        """One applicant of the office; the ETag is its version."""
        applicant = applicant_service.get_applicant(db(), applicant_id)
        return applicant, versioning.etag(applicant.version)

    @blp.auth(Permission.APPLICANTS_MANAGE)
    @versioning.documented(blp)
    @blp.arguments(ApplicantUpdateSchema)
    @blp.response(200, ApplicantSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def patch(self, data, applicant_id):
        """Change an applicant's name, identity or contact fields (If-Match: the version you read)."""
        session = db()
        applicant = applicant_service.update_applicant(session, principal(),
                                                       applicant_service.get_applicant(session, applicant_id),
                                                       expected_version=versioning.if_match(), **data)
        return applicant, versioning.etag(applicant.version)


@blp.route("/<int:applicant_id>/approve")
class ApproveApplicant(MethodView):
    @blp.auth(Permission.APPLICANTS_MANAGE)
    @versioning.documented(blp, required=False)
    @blp.arguments(ApplicantReviewSchema)
    @blp.response(200, ApplicantSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data, applicant_id):
        """Approve a registration: the applicant's user may log in from now on."""
        applicant = applicant_service.review(db(), principal(), applicant_id, approve=True, note=data["note"],
                                             expected_version=versioning.if_match(required=False))
        return applicant, versioning.etag(applicant.version)


@blp.route("/<int:applicant_id>/refuse")
class RefuseApplicant(MethodView):
    @blp.auth(Permission.APPLICANTS_MANAGE)
    @versioning.documented(blp, required=False)
    @blp.arguments(ApplicantRefusalSchema)
    @blp.response(200, ApplicantSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data, applicant_id):
        """Refuse a pending registration, saying why; the user stays disabled."""
        applicant = applicant_service.review(db(), principal(), applicant_id, approve=False, note=data["note"],
                                             expected_version=versioning.if_match(required=False))
        return applicant, versioning.etag(applicant.version)


BLUEPRINTS = [blp, registrations]
