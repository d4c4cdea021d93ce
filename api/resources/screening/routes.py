"""Screening of applications: verdicts, attestations, corrections (补正), acceptance and rejection, and
the cycle-level rules (one application per group of related companies).

Applicants do not see screenings (the internal trace and what the office attested): they see the
decision and its reasons (``decision_reasons``, each citing its article) on their application, and
the corrections asked of them.
"""
from flask.views import MethodView

from api import versioning
from api.blueprint import Blueprint
from api.context import db, principal, runtime
from api.idempotency import idempotent
from api.paging import page_of
from api.resources.jobs.routes import JobSchema
from api.resources.screening.schemas import (
    ApplicationDecisionSchema, AttestationRequestSchema, AttestationSchema, CorrectionQuerySchema,
    CorrectionRequestSchema, CorrectionSchema, CycleScreenRequestSchema, DecisionRequestSchema,
    DesignateRequestSchema, ExtensionRequestSchema, GroupAnswerSchema, GroupRequestSchema, RejectRequestSchema,
    ScreeningDetailSchema, ScreeningQuerySchema, ScreeningSchema, ScreenRequestSchema,
)
from core.applications import corrections as correction_service
from core.applications import screening as screening_service
from core.platform.permissions import Permission

blp = Blueprint("screening", __name__, url_prefix="/api/v1",
                description="Screening (资格审查): verdicts from stored facts and the tenant's ledger, attestations, "
                            "corrections (补正), acceptance and rejection with cited reasons")
blp.tenant_scoped = True
versioning.install(blp)


@blp.route("/applications/<int:application_id>/screenings")
class ApplicationScreenings(MethodView):
    @blp.auth(Permission.APPLICATIONS_READ)
    @blp.arguments(ScreeningQuerySchema, location="query")
    @blp.response(200, page_of(ScreeningSchema))
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, query, application_id):
        """Every screening of an application, oldest first (earlier verdicts are kept). Office and supervisors
        only: applicants see the decision and its reasons on their application."""
        application = screening_service.find_application(db(), application_id)
        return screening_service.screenings_page(db(), application, **query)

    @blp.auth(Permission.SCREENING)
    @idempotent(blp)
    @blp.arguments(ScreenRequestSchema)
    @blp.response(201, ScreeningSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def post(self, _data, application_id):
        """Screen a submitted application now: its stored facts, its earlier awards and sanctions from the
        tenant's ledger, the tenant's settings, the cycle's pinned rule version and application deadline."""
        application = screening_service.find_application(db(), application_id)
        return screening_service.screen(db(), runtime().registry, application, principal())


@blp.route("/screenings/<int:screening_id>")
class ScreeningById(MethodView):
    @blp.auth(Permission.APPLICATIONS_READ)
    @blp.response(200, ScreeningDetailSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, screening_id):
        """One screening with its trace and the office's attestations."""
        screening = screening_service.get_screening(db(), screening_id)
        screening.attestations = screening_service.attestations_of(db(), screening)
        return screening


@blp.route("/screenings/<int:screening_id>/attestations")
class ScreeningAttestations(MethodView):
    @blp.auth(Permission.SCREENING)
    @idempotent(blp)
    @blp.arguments(AttestationRequestSchema)
    @blp.response(201, AttestationSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data, screening_id):
        """Confirm (holds: true) or deny a condition the screening left to the office, with a note; the
        finding's article and who confirmed it are kept."""
        return screening_service.attest(db(), principal(), screening_id, **data)


@blp.route("/cycles/<int:cycle_id>/screenings")
class CycleScreenings(MethodView):
    @blp.auth(Permission.SCREENING)
    @idempotent(blp)
    @blp.arguments(CycleScreenRequestSchema)
    @blp.response(202, JobSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def post(self, _data, cycle_id):
        """Screen every submitted application of the cycle not yet screened on its current facts, as a
        background job in batches; then flag related applicants of one group and mark lapsed corrections.
        Follow it at /api/v1/jobs/{id}."""
        return screening_service.start_cycle_screening(db(), runtime(), principal(), cycle_id)


@blp.route("/applications/<int:application_id>/accept")
class AcceptApplication(MethodView):
    @blp.auth(Permission.SCREENING)
    @versioning.documented(blp, required=False)
    @blp.arguments(DecisionRequestSchema)
    @blp.response(200, ApplicationDecisionSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, _data, application_id):
        """受理: accept a submitted application whose latest screening of its current facts is eligible (or
        every condition it left to the office confirmed). 409 citing the article when the plan requires a
        recommendation not yet recorded, or a group designated another of its members."""
        application = screening_service.accept(db(), runtime().registry, principal(), application_id,
                                               expected_version=versioning.if_match(required=False))
        return application, versioning.etag(application.version)


@blp.route("/applications/<int:application_id>/reject")
class RejectApplication(MethodView):
    @blp.auth(Permission.SCREENING)
    @versioning.documented(blp, required=False)
    @blp.arguments(RejectRequestSchema)
    @blp.response(200, ApplicationDecisionSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data, application_id):
        """不予受理: reject with written reasons citing articles (the failed conditions of the latest screening
        first, then the office's own), shown to the applicant on its application."""
        application = screening_service.reject(db(), principal(), application_id, reasons=data["reasons"],
                                               expected_version=versioning.if_match(required=False))
        return application, versioning.etag(application.version)


@blp.route("/applications/<int:application_id>/corrections")
class ApplicationCorrections(MethodView):
    @blp.auth(Permission.APPLICATIONS_READ, Permission.APPLY)
    @blp.arguments(CorrectionQuerySchema, location="query")
    @blp.response(200, page_of(CorrectionSchema))
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, query, application_id):
        """The corrections asked of an application (an applicant: of its own only), each with its deadline and
        every extension."""
        return correction_service.corrections_page(db(), principal(), application_id, **query)

    @blp.auth(Permission.SCREENING)
    @idempotent(blp)
    @versioning.documented(blp, required=False)
    @blp.arguments(CorrectionRequestSchema)
    @blp.response(201, CorrectionSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data, application_id):
        """Ask for corrections (补正) of a submitted application by a deadline: it becomes correction_requested
        until the applicant resubmits, then returns to screening."""
        correction = correction_service.request_corrections(db(), principal(), application_id,
                                                            expected_version=versioning.if_match(required=False),
                                                            **data)
        return correction, versioning.etag(correction.version)


@blp.route("/corrections/<int:correction_id>/extend")
class ExtendCorrection(MethodView):
    @blp.auth(Permission.SCREENING)
    @versioning.documented(blp, required=False)
    @blp.arguments(ExtensionRequestSchema)
    @blp.response(200, CorrectionSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data, correction_id):
        """Extend one application's correction deadline, with the reason recorded (audited, never silent)."""
        correction = correction_service.extend(db(), principal(), correction_id,
                                               expected_version=versioning.if_match(required=False), **data)
        return correction, versioning.etag(correction.version)


@blp.route("/cycles/<int:cycle_id>/groups")
class CycleGroups(MethodView):
    @blp.auth(Permission.SCREENING)
    @blp.arguments(GroupRequestSchema)
    @blp.response(200, GroupAnswerSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data, cycle_id):
        """Record that applications of the cycle come from related parent and subsidiary companies of one
        group (集团); where the rules allow one application per group (e.g. nantong/2023 第十一条（七）) every
        member is flagged until the group designates the one that goes on."""
        return {"applications": screening_service.set_group(db(), principal(), cycle_id, **data)}


@blp.route("/cycles/<int:cycle_id>/groups/designate")
class DesignateGroupEntry(MethodView):
    @blp.auth(Permission.SCREENING)
    @blp.arguments(DesignateRequestSchema)
    @blp.response(200, GroupAnswerSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data, cycle_id):
        """Designate the one application of a flagged group that goes on; the others' flags say so and
        they cannot be accepted."""
        return {"applications": screening_service.designate(db(), principal(), cycle_id, **data)}


BLUEPRINTS = [blp]
