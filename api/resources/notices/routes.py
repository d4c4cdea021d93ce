"""Public notices (公示) and objections (异议): the office publishes, decides and closes; anyone objects
through the public board or the public API, and reads the outcome with the receipt given at filing."""
import base64
import binascii

from flask import current_app
from flask.views import MethodView

from api import versioning
from api.i18n import request_locale
from api.blueprint import Blueprint
from api.context import db, principal
from api.errors import error_response
from api.idempotency import idempotent
from api.paging import PageQuerySchema, page_of
from api.resources.attachments.routes import content_disposition
from api.resources.notices.schemas import (
    CloseSchema, NoticeCreateSchema, NoticeDetailSchema, NoticeQuerySchema, NoticeSchema, ObjectionCreateSchema,
    ObjectionDecisionSchema, ObjectionOutcomeSchema, ObjectionReceiptSchema, ObjectionSchema, PublicNoticeDetailSchema,
    PublicNoticeSchema,
)
from api.context import runtime
from core.engine.messages import _
from core.errors import InvalidInput, NotFound
from core.notices import services as service
from core.notices.models import ObjectionFile, ObjectionStatus
from core.platform import notifications, tenancy
from core.platform.permissions import Permission, Principal
from core.platform.tenancy import Scope

blp = Blueprint("notices", __name__, url_prefix="/api/v1",
                description="Public notices (公示) of a cycle's lists, and the objections (异议) filed against them")
blp.tenant_scoped = True
versioning.install(blp)
public = Blueprint("public_notices", __name__, url_prefix="/api/v1/public",
                   description="The public side of the notice board: no login; objections are rate-limited")

def detail(notice):
    session = db()
    notice.entries = service.entries(session, notice)
    notice.objections = service.objection_counts(session, notice)
    return notice


def shown_objection(objection, who: Principal, files=None):
    """The objection with the objector's identity only for those allowed to see it (为举报人保密)."""
    erased = objection.erased_at is not None
    objection.objector = ({"name": objection.objector_name, "contact": objection.objector_contact}
                          if who.can(Permission.OBJECTORS_READ) and not erased else None)
    objection.files = service.files_of(db(), objection) if files is None else files.get(objection.id, [])
    return objection


def shown_page(page):
    files = service.files_by_objection(db(), [o.id for o in page.items])
    page.items[:] = [shown_objection(o, principal(), files) for o in page.items]
    return page


@blp.route("/cycles/<int:cycle_id>/notices")
class CycleNotices(MethodView):
    @blp.auth(Permission.AWARDS_READ)
    @blp.arguments(PageQuerySchema, location="query")
    @blp.response(200, page_of(NoticeSchema))
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, query, cycle_id):
        """The cycle's notices, newest first."""
        return service.notices_page(db(), cycle_id=cycle_id, **query)

    @blp.auth(Permission.AWARDS_MANAGE)
    @idempotent(blp)
    @blp.arguments(NoticeCreateSchema)
    @blp.response(201, NoticeDetailSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data, cycle_id):
        """Publish one of the plan's notices with its list (the committee's latest decision for a candidate
        or recommended-winners notice; the accepted applications for an acceptance notice). The last day
        defaults to the earliest the rule allows (calendar service, publication day not counted); an
        earlier one is a 422 naming the article."""
        notice = service.publish(db(), runtime().registry, principal(), cycle_id, **data)
        return detail(notice), versioning.etag(notice.version)


@blp.route("/notices")
class Notices(MethodView):
    @blp.auth(Permission.AWARDS_READ)
    @blp.arguments(NoticeQuerySchema, location="query")
    @blp.response(200, page_of(NoticeSchema))
    def get(self, query):
        """The tenant's notices, newest first (``cycle_id`` filters)."""
        return service.notices_page(db(), **query)


@blp.route("/notices/<int:notice_id>")
class NoticeById(MethodView):
    @blp.auth(Permission.AWARDS_READ)
    @blp.response(200, NoticeDetailSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, notice_id):
        """A notice with its names and its objections counted by status."""
        notice = service.get_notice(db(), notice_id)
        return detail(notice), versioning.etag(notice.version)


@blp.route("/notices/<int:notice_id>/close")
class CloseNotice(MethodView):
    @blp.auth(Permission.AWARDS_MANAGE)
    @versioning.documented(blp)
    @blp.arguments(CloseSchema)
    @blp.response(200, NoticeDetailSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data, notice_id):
        """Close a notice after its last day, once every objection is decided (409 otherwise); the
        outcome is published on the board."""
        notice = service.close(db(), principal(), notice_id, outcome=data["outcome"], expected=versioning.if_match())
        return detail(notice), versioning.etag(notice.version)


def _evidence(files):
    out = []
    for n, upload in enumerate(files):
        try:
            content = base64.b64decode(upload["content_base64"], validate=True)
        except (binascii.Error, ValueError):
            raise InvalidInput.on(f"files.{n}.content_base64", "not valid base64") from None
        out.append(service.EvidenceFile(upload["filename"], upload["content_type"], content))
    return out


@blp.route("/notices/<int:notice_id>/objections")
class NoticeObjections(MethodView):
    @blp.auth(Permission.AWARDS_READ)
    @blp.arguments(PageQuerySchema, location="query")
    @blp.response(200, page_of(ObjectionSchema))
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, query, notice_id):
        """A notice's objections in filing order; the objector's identity only for the office admin and
        supervisors."""
        return shown_page(service.objections_page(db(), notice_id=notice_id, **query))

    @blp.auth(Permission.APPLY, Permission.SCORE)
    @idempotent(blp)
    @blp.arguments(ObjectionCreateSchema)
    @blp.response(201, ObjectionReceiptSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data, notice_id):
        """Object as a logged-in applicant or expert of the tenant (the outcome also reaches the inbox); the
        office and supervisors handle objections rather than file them. Refused (409) outside the
        notice's period, with its dates."""
        files = _evidence(data.pop("files"))
        objection, receipt = service.file_objection(db(), notice_id, files=files, via="api", actor=principal(), **data)
        return {"id": objection.id, "notice_id": objection.notice_id, "status": objection.status.value,
                "receipt": receipt}


@blp.route("/objections")
class Objections(MethodView):
    @blp.auth(Permission.AWARDS_READ)
    @blp.arguments(PageQuerySchema, location="query")
    @blp.response(200, page_of(ObjectionSchema))
    def get(self, query):
        """Every objection of the tenant, in filing order."""
        return shown_page(service.objections_page(db(), **query))


@blp.route("/objections/<int:objection_id>")
class ObjectionById(MethodView):
    @blp.auth(Permission.AWARDS_READ)
    @blp.response(200, ObjectionSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, objection_id):
        """One objection with its evidence files; the objector's identity only for the office admin and
        supervisors (为举报人保密), and never once erased."""
        objection = service.get_objection(db(), objection_id)
        return shown_objection(objection, principal()), versioning.etag(objection.version)


@blp.route("/objections/<int:objection_id>/decision")
class ObjectionDecision(MethodView):
    @blp.auth(Permission.AWARDS_MANAGE)
    @versioning.documented(blp)
    @blp.arguments(ObjectionDecisionSchema)
    @blp.response(200, ObjectionSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data, objection_id):
        """Move an objection on: ``investigating``, then ``upheld`` (the name is struck off; the next in
        rank enters where backfill is allowed) or ``dismissed``, with the reasons the objector is told."""
        objection = service.decide_objection(db(), principal(), objection_id, expected=versioning.if_match(),
                                             mailer=notifications.smtp_mailer(runtime().settings), **data)
        return shown_objection(objection, principal()), versioning.etag(objection.version)


@blp.route("/objections/<int:objection_id>/files/<int:file_id>")
class ObjectionFileContent(MethodView):
    @blp.auth(Permission.AWARDS_READ)
    @blp.response(200, content_type="application/octet-stream")
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, objection_id, file_id):
        """An evidence file's bytes (404 once erased after the retention period)."""
        from sqlalchemy import select

        objection = service.get_objection(db(), objection_id)
        row = db().execute(select(ObjectionFile).where(ObjectionFile.id == file_id,
                                                       ObjectionFile.objection_id == objection.id)).scalar_one_or_none()
        if row is None or row.content is None:
            raise NotFound("evidence file", file_id)
        response = current_app.response_class(row.content, mimetype="application/octet-stream")
        response.headers["Content-Disposition"] = content_disposition(row.filename)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "private, no-store"
        return response


# -- the public side ---------------------------------------------------------------------------------

def enter_tenant(tenant_code: str):
    """The board's tenant, named by its code in the path (the public has no token); the session then
    sees that tenant's rows only."""
    session = db()
    tenancy.set_scope(session, Scope.platform())
    tenant = service.tenant_by_code(session, tenant_code)
    tenancy.set_scope(session, Scope.tenant(tenant.id))
    return tenant


def public_detail(notice):
    notice.entries = service.entries(db(), notice)
    return notice


@public.route("/<string:tenant_code>/notices")
class PublicNotices(MethodView):
    @public.arguments(PageQuerySchema, location="query")
    @public.response(200, page_of(PublicNoticeSchema))
    @public.alt_response(404, response="NOT_FOUND")
    def get(self, query, tenant_code):
        """The tenant's published notices, newest first: names, tiers, categories, period, article."""
        enter_tenant(tenant_code)
        return service.public_notices_page(db(), **query)


@public.route("/<string:tenant_code>/notices/<int:notice_id>")
class PublicNotice(MethodView):
    @public.response(200, PublicNoticeDetailSchema)
    @public.alt_response(404, response="NOT_FOUND")
    def get(self, tenant_code, notice_id):
        """A published notice as the public reads it: names, tiers, categories, kinds, period, article."""
        enter_tenant(tenant_code)
        return public_detail(service.get_public_notice(db(), notice_id))


@public.route("/<string:tenant_code>/notices/<int:notice_id>/objections")
class PublicObjections(MethodView):
    @public.arguments(ObjectionCreateSchema)
    @public.response(201, ObjectionReceiptSchema)
    @public.alt_response(404, response="NOT_FOUND")
    @public.alt_response(409, response="CONFLICT")
    @public.alt_response(429, response="TOO_MANY_REQUESTS")
    def post(self, data, tenant_code, notice_id):
        """File an objection without an account (a name is encouraged, not required). Keep the receipt:
        it is shown once, and reads the outcome. Refused (409) outside the notice's period."""
        enter_tenant(tenant_code)
        service.get_public_notice(db(), notice_id)
        files = _evidence(data.pop("files"))
        objection, receipt = service.file_objection(db(), notice_id, files=files, via="api", **data)
        return {"id": objection.id, "notice_id": objection.notice_id, "status": objection.status.value,
                "receipt": receipt}


@public.route("/<string:tenant_code>/objections/<string:receipt>")
class PublicObjectionOutcome(MethodView):
    @public.response(200, ObjectionOutcomeSchema)
    @public.alt_response(404, response="NOT_FOUND")
    def get(self, tenant_code, receipt):
        """The state of an objection, read with its receipt (the objector's only way in without an account)."""
        enter_tenant(tenant_code)
        if not 8 <= len(receipt) <= 64:
            return error_response(404, "not_found", _("no objection has this receipt"))
        objection = service.objection_by_receipt(db(), receipt)
        return {"notice_id": objection.notice_id, "status": objection.status.value,
                "outcome": service.outcome_words(objection.status, request_locale()),
                "reasons": objection.reasons if objection.status in (ObjectionStatus.UPHELD,
                                                                      ObjectionStatus.DISMISSED) else "",
                "decided_at": objection.decided_at}


BLUEPRINTS = [blp, public]
