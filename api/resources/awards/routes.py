"""After the notice: the government's approval, awards with their rewards ledger, winners' obligations
and reminders, sanctions with their reversals, the in-app inbox, and the personal-data erasure run."""
from flask.views import MethodView

from api import versioning
from api.blueprint import Blueprint
from api.context import db, principal, runtime
from api.idempotency import idempotent
from api.paging import PageQuerySchema, page_of
from api.resources.awards.schemas import (
    ApprovalCreateSchema, ApprovalSchema, AwardDetailSchema, AwardQuerySchema, AwardSchema, EventCreateSchema,
    NotificationSchema, ObligationQuerySchema, ObligationSchema, ReminderSchema, ReportSchema, ReversalSchema, RewardLineCreateSchema,
    RewardLineSchema, SanctionSchema, ViolationCreateSchema,
)
from api.resources.jobs.routes import JobSchema
from core.awards import approvals as approval_service, obligations as duty_service, sanctions as sanction_service
from core.awards.models import LedgerAward
from core.notices.retention import ERASURE_KIND
from core.platform import clock, jobs, notifications
from core.platform.permissions import Permission

blp = Blueprint("awards", __name__, url_prefix="/api/v1",
                description="Approval (批准), awards and the rewards ledger, winners' obligations and reminders, "
                            "sanctions (撤销、追回、禁止申报) and their reversals")
inbox = Blueprint("notifications", __name__, url_prefix="/api/v1/notifications",
                  description="The caller's in-app inbox: reminders, objection outcomes, sanctions")
for _blp in (blp, inbox):
    _blp.tenant_scoped = True
    versioning.install(_blp)

READ = (Permission.AWARDS_READ, Permission.APPLY)
"""The office and supervisors read every award and duty; an applicant its own."""


def _office() -> bool:
    return principal().can(Permission.AWARDS_READ)


def _award(award_id: int) -> LedgerAward:
    if _office():
        return approval_service.get_award(db(), award_id)
    return approval_service.award_of_applicant(db(), award_id, principal().user_id)


def _obligation(obligation_id: int):
    row = duty_service.get_obligation(db(), obligation_id)
    _award(row.award_id)  # an applicant's own only (404 otherwise)
    return row


def award_detail(award: LedgerAward) -> LedgerAward:
    lines = approval_service.reward_lines(db(), award)
    award.rewards, award.balance = lines, approval_service.balance(lines)
    return award


def shown(row):
    row.state = duty_service.state(row, clock.today())
    return row


# -- approval ------------------------------------------------------------------------------------------

@blp.route("/cycles/<int:cycle_id>/approval")
class CycleApproval(MethodView):
    @blp.auth(Permission.AWARDS_READ)
    @blp.response(200, ApprovalSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, cycle_id):
        """The cycle's approval: who approved, the document number, the day and the approved list."""
        row = approval_service.approval_of_cycle(db(), cycle_id)
        return row, versioning.etag(row.version)

    @blp.auth(Permission.CYCLES_MANAGE)
    @idempotent(blp)
    @blp.arguments(ApprovalCreateSchema)
    @blp.response(201, ApprovalSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data, cycle_id):
        """Record the government's approval (document number, date, list) once the candidate notice has
        closed; each winner becomes an award with the reward the plugin decides (first-time or
        re-winner), the amount owed in the rewards ledger, and its dated obligations."""
        row = approval_service.record_approval(db(), runtime().registry, principal(), cycle_id, **data)
        return row, versioning.etag(row.version)


# -- awards and the rewards ledger -------------------------------------------------------------------

@blp.route("/awards")
class Awards(MethodView):
    @blp.auth(*READ)
    @blp.arguments(AwardQuerySchema, location="query")
    @blp.response(200, page_of(AwardSchema))
    def get(self, query):
        """Awards decided in cycles, by id (an applicant: its own)."""
        mine = None if _office() else principal().user_id
        return approval_service.cycle_awards_page(db(), applicant_user_id=mine, **query)


@blp.route("/awards/<int:award_id>")
class AwardById(MethodView):
    @blp.auth(*READ)
    @blp.response(200, AwardDetailSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, award_id):
        """An award with its rewards ledger lines and balance."""
        award = _award(award_id)
        return award_detail(award), versioning.etag(award.version)


@blp.route("/awards/<int:award_id>/rewards")
class AwardRewards(MethodView):
    @blp.auth(Permission.LEDGER_MANAGE)
    @idempotent(blp)
    @blp.arguments(RewardLineCreateSchema)
    @blp.response(201, RewardLineSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data, award_id):
        """Record a payment of the reward (``paid``, at most what is outstanding) or a clawed-back amount
        returned (``recovered``), with its reference. Lines are never changed or deleted."""
        return approval_service.record_payment(db(), principal(), award_id, **data)


@blp.route("/awards/<int:award_id>/events")
class AwardEvents(MethodView):
    @blp.auth(Permission.AWARDS_MANAGE, Permission.APPLY)
    @idempotent(blp)
    @blp.arguments(EventCreateSchema)
    @blp.response(201, ObligationSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data, award_id):
        """Record an event that starts a reporting duty (an incident confirmed on ``occurred_on``): the
        duty is due ``within_days`` after it, as the plan's rule says, with its article."""
        award = approval_service.get_award(db(), award_id) if principal().can(Permission.AWARDS_MANAGE) \
            else approval_service.award_of_applicant(db(), award_id, principal().user_id)
        row = duty_service.record_event(db(), runtime().registry, principal(), award, **data)
        return shown(row), versioning.etag(row.version)


# -- obligations and reminders ----------------------------------------------------------------------------

@blp.route("/obligations")
class Obligations(MethodView):
    @blp.auth(*READ)
    @blp.arguments(ObligationQuerySchema, location="query")
    @blp.response(200, page_of(ObligationSchema))
    def get(self, query):
        """Winners' obligations by due day, each with its state today (due, overdue, done, cancelled; ``state``
        and ``award_id`` filter); an applicant sees those of its own awards."""
        mine = None if _office() else principal().user_id
        page = duty_service.obligations_page(db(), applicant_user_id=mine, **query)
        page.items[:] = [shown(row) for row in page.items]
        return page


@blp.route("/obligations/<int:obligation_id>")
class ObligationById(MethodView):
    @blp.auth(*READ)
    @blp.response(200, ObligationSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, obligation_id):
        """One obligation with its state today (an applicant: of its own awards only)."""
        row = _obligation(obligation_id)
        return shown(row), versioning.etag(row.version)


@blp.route("/obligations/<int:obligation_id>/report")
class ObligationReport(MethodView):
    @blp.auth(Permission.AWARDS_MANAGE, Permission.APPLY)
    @versioning.documented(blp)
    @blp.arguments(ReportSchema)
    @blp.response(200, ObligationSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data, obligation_id):
        """Submit the report an obligation asks for (the winner, or the office for a report filed on paper)."""
        row = duty_service.get_obligation(db(), obligation_id)
        if not principal().can(Permission.AWARDS_MANAGE):
            approval_service.award_of_applicant(db(), row.award_id, principal().user_id)
        row = duty_service.submit_report(db(), principal(), row, report=data["report"], expected=versioning.if_match())
        return shown(row), versioning.etag(row.version)


@blp.route("/reminders")
class Reminders(MethodView):
    @blp.auth(Permission.AWARDS_READ)
    @blp.arguments(PageQuerySchema, location="query")
    @blp.response(200, page_of(ReminderSchema))
    def get(self, query):
        """Reminders sent, in order (each once per obligation and kind: before the due day, and on it)."""
        return duty_service.reminders_page(db(), **query)


@blp.route("/reminders/run")
class RunReminders(MethodView):
    @blp.auth(Permission.AWARDS_MANAGE)
    @idempotent(blp)
    @blp.response(202, JobSchema)
    def post(self):
        """Run the reminder job now (it also runs daily on its own); nothing already sent is sent again."""
        return jobs.submit(db(), runtime(), principal(), duty_service.REMINDERS_KIND)


@blp.route("/personal-data/erasure")
class RunErasure(MethodView):
    @blp.auth(Permission.SETTINGS_MANAGE)
    @idempotent(blp)
    @blp.response(202, JobSchema)
    def post(self):
        """Erase now what is past the tenant's retention period (it also runs daily on its own)."""
        return jobs.submit(db(), runtime(), principal(), ERASURE_KIND)


# -- sanctions -----------------------------------------------------------------------------------------

@blp.route("/sanctions")
class Sanctions(MethodView):
    @blp.auth(Permission.LEDGER_MANAGE)
    @idempotent(blp)
    @blp.arguments(ViolationCreateSchema)
    @blp.response(201, SanctionSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data):
        """Record a confirmed violation: the plugin's sanction (of the version in force on the decision day)
        is applied: the award revoked and its duties cancelled, the reward clawed back, the ban stored
        for later screening, an announcement published where a measure asks for one; all cited."""
        row = sanction_service.record_violation(db(), runtime().registry, principal(), **data)
        return row, versioning.etag(row.version)


@blp.route("/sanctions/<int:sanction_id>")
class SanctionById(MethodView):
    @blp.auth(Permission.LEDGER_READ)
    @blp.response(200, SanctionSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, sanction_id):
        """A sanction: the violation, the measures and ban with the article, any announcement and reversal."""
        row = sanction_service.get_sanction(db(), sanction_id)
        return row, versioning.etag(row.version)


@blp.route("/sanctions/<int:sanction_id>/reversal")
class SanctionReversal(MethodView):
    @blp.auth(Permission.LEDGER_MANAGE)
    @versioning.documented(blp)
    @blp.arguments(ReversalSchema)
    @blp.response(200, SanctionSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data, sanction_id):
        """Record an appeal upheld or a reversal: the sanction stays, marked; its ban stops counting and
        an award it revoked stands again. Nothing is deleted."""
        row = sanction_service.reverse(db(), principal(), sanction_id, expected=versioning.if_match(), **data)
        return row, versioning.etag(row.version)


# -- the inbox -------------------------------------------------------------------------------------------

@inbox.route("")
class Inbox(MethodView):
    @inbox.auth(Permission.TENANT_READ)
    @inbox.arguments(PageQuerySchema, location="query")
    @inbox.response(200, page_of(NotificationSchema))
    def get(self, query):
        """The caller's messages, newest first."""
        return notifications.inbox_page(db(), principal().user_id, **query)


@inbox.route("/<int:notification_id>/read")
class MarkRead(MethodView):
    @inbox.auth(Permission.TENANT_READ)
    @inbox.response(200, NotificationSchema)
    @inbox.alt_response(404, response="NOT_FOUND")
    def post(self, notification_id):
        """Mark one of the caller's own messages read (another user's answers 404)."""
        return notifications.mark_read(db(), principal().user_id, notification_id)


BLUEPRINTS = [blp, inbox]
