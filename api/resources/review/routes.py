"""The review (评审): the expert pool and declared relations, panels with their verifiable draws,
seats confirmed, declined or recused, scoring sheets, and a stage's results and agreement."""
from flask.views import MethodView

from api import versioning
from api.blueprint import Blueprint
from api.context import db, principal, runtime
from api.idempotency import idempotent
from api.paging import PageQuerySchema, page_of
from api.resources.review.schemas import (
    AgreementSchema, DecisionCreateSchema, DecisionSchema, EntrantsCreateSchema, EntrantsProposalSchema, EntrantsSchema,
    BonusPutSchema, BonusSchema, RankingSchema, AssignedApplicationSchema, ConfirmSchema, DeclineSchema,
    DrawCreateSchema, DrawSchema,
    ExpertCreateSchema, ExpertQuerySchema, ExpertSchema, ExpertUpdateSchema, MemberSchema, NamedMembersSchema,
    PanelCreateSchema, PanelDetailSchema, PanelQuerySchema, PanelSchema, RecusalSchema, RelationCreateSchema,
    RelationSchema, ReopenSchema, SheetSaveSchema, SheetSchema, StageResultsSchema, VerificationSchema,
)
from core.engine.settings import REVIEW_BLIND
from core.platform.permissions import Permission
from core.platform.services import tenant_settings, tenants as tenant_service
from core.review import experts as expert_service, panels as panel_service, results as result_service
from core.review import ranking as ranking_service, scores as score_service

experts = Blueprint("experts", __name__, url_prefix="/api/v1/experts",
                    description="The expert pool (专家库), qualifications with their articles, declared relations")
panels = Blueprint("panels", __name__, url_prefix="/api/v1",
                   description="Review panels (评审组): verifiable random draws, seats, recusals (回避)")
sheets = Blueprint("score_sheets", __name__, url_prefix="/api/v1",
                   description="Scoring sheets (评分表), a stage's results and the panel's agreement")
for _blp in (experts, panels, sheets):
    _blp.tenant_scoped = True
    versioning.install(_blp)

READ = (Permission.REVIEW_READ, Permission.SCORE)
"""The office and supervisors read everything of the review; an expert only their own seats and sheets."""


def _tenant():
    return tenant_service.get_tenant(db(), principal().tenant_id)


# -- experts -------------------------------------------------------------------------------------

@experts.route("")
class Experts(MethodView):
    @experts.auth(Permission.REVIEW_READ)
    @experts.arguments(ExpertQuerySchema, location="query")
    @experts.response(200, page_of(ExpertSchema))
    def get(self, query):
        """The tenant's expert pool, a page at a time in id order (``status`` filters)."""
        return expert_service.experts_page(db(), **query)

    @experts.auth(Permission.REVIEW_MANAGE)
    @idempotent(experts)
    @experts.arguments(ExpertCreateSchema)
    @experts.response(201, ExpertSchema, headers=versioning.ETAG_HEADER)
    def post(self, data):
        """Add an expert. The regulation's qualifications are judged on the day: a strict one failed is
        a 422 naming the article; a softened one failed ("一般…") flags the expert, with the article."""
        expert = expert_service.create_expert(db(), runtime().registry, principal(), _tenant(), **data)
        return expert, versioning.etag(expert.version)


@experts.route("/me")
class MyExpertRecord(MethodView):
    @experts.auth(Permission.SCORE)
    @experts.response(200, ExpertSchema, headers=versioning.ETAG_HEADER)
    @experts.alt_response(404, response="NOT_FOUND")
    def get(self):
        """The calling expert's own pool entry (404 while the office has not linked their login)."""
        expert = expert_service.my_expert(db(), principal())
        return expert, versioning.etag(expert.version)


@experts.route("/<int:expert_id>")
class ExpertById(MethodView):
    @experts.auth(Permission.REVIEW_READ)
    @experts.response(200, ExpertSchema, headers=versioning.ETAG_HEADER)
    @experts.alt_response(404, response="NOT_FOUND")
    def get(self, expert_id):
        """One expert with the last judgement of the qualifications."""
        expert = expert_service.get_expert(db(), expert_id)
        return expert, versioning.etag(expert.version)

    @experts.auth(Permission.REVIEW_MANAGE)
    @versioning.documented(experts)
    @experts.arguments(ExpertUpdateSchema)
    @experts.response(200, ExpertSchema, headers=versioning.ETAG_HEADER)
    @experts.alt_response(404, response="NOT_FOUND")
    def patch(self, data, expert_id):
        """Change an expert (judged again: a change that fails a strict qualification is refused)."""
        expert = expert_service.update_expert(db(), runtime().registry, principal(), _tenant(), expert_id,
                                              versioning.if_match(), **data)
        return expert, versioning.etag(expert.version)


@experts.route("/<int:expert_id>/relations")
class ExpertRelations(MethodView):
    @experts.auth(*READ)
    @experts.arguments(PageQuerySchema, location="query")
    @experts.response(200, page_of(RelationSchema))
    @experts.alt_response(404, response="NOT_FOUND")
    def get(self, query, expert_id):
        """An expert's declared relations to applicants (an expert: their own only)."""
        return expert_service.relations_page(db(), principal(), expert_id, **query)

    @experts.auth(Permission.REVIEW_MANAGE, Permission.SCORE)
    @idempotent(experts)
    @experts.arguments(RelationCreateSchema)
    @experts.response(201, RelationSchema)
    @experts.alt_response(404, response="NOT_FOUND")
    def post(self, data, expert_id):
        """Declare a relation to an applicant that makes the expert conflicted (利害关系): by the expert
        for themselves, or by the office. A conflicted expert is never drawn for that application."""
        return expert_service.declare_relation(db(), principal(), expert_id, **data)


# -- panels and draws ----------------------------------------------------------------------------

def _detail(panel):
    session = db()
    panel.application_ids = panel_service.application_ids(session, panel.id)
    panel.members = panel_service.members(session, panel.id)
    panel.draws = panel_service.panel_draws(session, panel.id)
    return panel


@panels.route("/cycles/<int:cycle_id>/panels")
class CyclePanels(MethodView):
    @panels.auth(*READ)
    @panels.arguments(PanelQuerySchema, location="query")
    @panels.response(200, page_of(PanelSchema))
    @panels.alt_response(404, response="NOT_FOUND")
    def get(self, query, cycle_id):
        """A cycle's panels (an expert: those they sit or sat on)."""
        return panel_service.panels_page(db(), principal(), cycle_id, **query)

    @panels.auth(Permission.REVIEW_MANAGE)
    @idempotent(panels)
    @panels.arguments(PanelCreateSchema)
    @panels.response(201, PanelDetailSchema, headers=versioning.ETAG_HEADER)
    @panels.alt_response(404, response="NOT_FOUND")
    def post(self, data, cycle_id):
        """Form a panel for a review stage and the accepted applications it reviews; the plan's least
        number of experts is checked with its article. Its seats are then drawn (``/panels/{id}/draws``)."""
        panel = panel_service.create_panel(db(), runtime().registry, principal(), cycle_id, **data)
        return _detail(panel), versioning.etag(panel.version)


@panels.route("/panels/<int:panel_id>")
class PanelById(MethodView):
    @panels.auth(*READ)
    @panels.response(200, PanelDetailSchema, headers=versioning.ETAG_HEADER)
    @panels.alt_response(404, response="NOT_FOUND")
    def get(self, panel_id):
        """A panel with its applications, seats and every draw (a seed is shown once revealed)."""
        panel = panel_service.get_panel(db(), principal(), panel_id)
        return _detail(panel), versioning.etag(panel.version)


@panels.route("/panels/<int:panel_id>/draws")
class PanelDraws(MethodView):
    @panels.auth(Permission.REVIEW_MANAGE)
    @idempotent(panels)
    @panels.arguments(DrawCreateSchema)
    @panels.response(201, DrawSchema)
    @panels.alt_response(404, response="NOT_FOUND")
    @panels.alt_response(409, response="CONFLICT")
    def post(self, data, panel_id):
        """Commit a draw of the panel's open seats: the qualified, non-conflicted pool (with each expert's
        load in the cycle) is frozen, a secret seed is drawn from a cryptographic source, and both
        hashes are published (audit trail and this answer). Invitations past their deadline lapse first.
        A replacement draw, or a redraw over an unrevealed commitment, needs a reason."""
        return panel_service.commit_draw(db(), runtime().registry, principal(), panel_id, **data)


@panels.route("/panels/<int:panel_id>/members")
class PanelMembers(MethodView):
    @panels.auth(Permission.REVIEW_MANAGE)
    @idempotent(panels)
    @panels.arguments(NamedMembersSchema)
    @panels.response(201, MemberSchema(many=True))
    @panels.alt_response(404, response="NOT_FOUND")
    def post(self, data, panel_id):
        """Seat the reviewers a commissioned body names, on a third-party panel only (no draw)."""
        return panel_service.name_members(db(), runtime().registry, principal(), panel_id, data["expert_ids"])


@panels.route("/draws/<int:draw_id>")
class DrawById(MethodView):
    @panels.auth(*READ)
    @panels.response(200, DrawSchema)
    @panels.alt_response(404, response="NOT_FOUND")
    def get(self, draw_id):
        """One recorded draw: pool, exclusions with reasons, hashes, and the seed once revealed."""
        return panel_service.get_draw(db(), principal(), draw_id)


@panels.route("/draws/<int:draw_id>/reveal")
class DrawReveal(MethodView):
    @panels.auth(Permission.REVIEW_MANAGE)
    @panels.response(200, DrawSchema)
    @panels.alt_response(404, response="NOT_FOUND")
    @panels.alt_response(409, response="CONFLICT")
    def post(self, draw_id):
        """Run the committed draw with its seed: the drawn experts are seated (to confirm within the
        panel's days) and the seed is published. Once only."""
        return panel_service.reveal_draw(db(), principal(), draw_id)


@panels.route("/draws/<int:draw_id>/verification")
class DrawVerification(MethodView):
    @panels.auth(*READ)
    @panels.response(200, VerificationSchema)
    @panels.alt_response(404, response="NOT_FOUND")
    @panels.alt_response(409, response="CONFLICT")
    def get(self, draw_id):
        """Re-run a revealed draw from the stored pool and seed: the hashes match what was published
        and the same panel comes out (a supervisor's check, also possible offline: see the README)."""
        return panel_service.verify_draw(db(), principal(), draw_id)


@panels.route("/panel-members/<int:member_id>/confirm")
class MemberConfirm(MethodView):
    @panels.auth(Permission.SCORE)
    @versioning.documented(panels, required=False)
    @panels.arguments(ConfirmSchema)
    @panels.response(200, MemberSchema, headers=versioning.ETAG_HEADER)
    @panels.alt_response(404, response="NOT_FOUND")
    @panels.alt_response(409, response="CONFLICT")
    def post(self, data, member_id):
        """The drawn expert confirms their seat, by the deadline (inclusive)."""
        member = panel_service.respond(db(), principal(), member_id, accept=True, reason=data["note"],
                                       expected_version=versioning.if_match(required=False))
        return member, versioning.etag(member.version)


@panels.route("/panel-members/<int:member_id>/decline")
class MemberDecline(MethodView):
    @panels.auth(Permission.SCORE)
    @versioning.documented(panels, required=False)
    @panels.arguments(DeclineSchema)
    @panels.response(200, MemberSchema, headers=versioning.ETAG_HEADER)
    @panels.alt_response(404, response="NOT_FOUND")
    @panels.alt_response(409, response="CONFLICT")
    def post(self, data, member_id):
        """The drawn expert declines, with a reason; the office then draws a replacement."""
        member = panel_service.respond(db(), principal(), member_id, accept=False, reason=data["reason"],
                                       expected_version=versioning.if_match(required=False))
        return member, versioning.etag(member.version)


@panels.route("/panel-members/<int:member_id>/recuse")
class MemberRecuse(MethodView):
    @panels.auth(Permission.REVIEW_MANAGE, Permission.SCORE)
    @versioning.documented(panels, required=False)
    @panels.arguments(RecusalSchema)
    @panels.response(200, MemberSchema, headers=versioning.ETAG_HEADER)
    @panels.alt_response(404, response="NOT_FOUND")
    @panels.alt_response(409, response="CONFLICT")
    def post(self, data, member_id):
        """Take a seated expert off for a conflict of interest (回避): the expert for themselves, or the
        office (naming who proposed it, e.g. the supervisors). Their sheets stop counting; the office
        draws a replacement."""
        member = panel_service.recuse(db(), principal(), member_id, **data,
                                      expected_version=versioning.if_match(required=False))
        return member, versioning.etag(member.version)


# -- sheets and results --------------------------------------------------------------------------

def _blind() -> bool:
    return bool(tenant_settings.values(db()).get(REVIEW_BLIND))


@sheets.route("/panels/<int:panel_id>/applications/<int:application_id>")
class PanelApplicationView(MethodView):
    @sheets.auth(*READ)
    @sheets.response(200, AssignedApplicationSchema)
    @sheets.alt_response(404, response="NOT_FOUND")
    def get(self, panel_id, application_id):
        """An application as its reviewers read it, with the sheet to fill in. An expert: only on a seat
        they confirmed, while the stage runs; blind where the office chose a blind materials review."""
        return score_service.assigned_application(db(), runtime().registry, principal(), panel_id, application_id,
                                                  blind=_blind())


@sheets.route("/panels/<int:panel_id>/applications/<int:application_id>/sheet")
class MySheet(MethodView):
    @sheets.auth(Permission.SCORE)
    @sheets.response(200, SheetSchema, headers=versioning.ETAG_HEADER)
    @sheets.alt_response(404, response="NOT_FOUND")
    def get(self, panel_id, application_id):
        """The calling expert's sheet (404 until a draft is saved)."""
        row = score_service.get_my_sheet(db(), runtime().registry, principal(), panel_id, application_id)
        return row, versioning.etag(row.version)

    @sheets.auth(Permission.SCORE)
    @versioning.documented(sheets)
    @sheets.arguments(SheetSaveSchema)
    @sheets.response(200, SheetSchema, headers=versioning.ETAG_HEADER)
    @sheets.alt_response(404, response="NOT_FOUND")
    @sheets.alt_response(409, response="CONFLICT")
    def put(self, data, panel_id, application_id):
        """Save a draft, item by item, each score within its points (``If-Match: "0"`` creates it). A
        submitted sheet is locked (409)."""
        row = score_service.save_draft(db(), runtime().registry, principal(), panel_id, application_id, **data,
                                       expected_version=versioning.if_match())
        return row, versioning.etag(row.version)


@sheets.route("/panels/<int:panel_id>/applications/<int:application_id>/sheet/submit")
class SheetSubmit(MethodView):
    @sheets.auth(Permission.SCORE)
    @versioning.documented(sheets)
    @sheets.response(200, SheetSchema, headers=versioning.ETAG_HEADER)
    @sheets.alt_response(404, response="NOT_FOUND")
    @sheets.alt_response(409, response="CONFLICT")
    def post(self, panel_id, application_id):
        """Submit the sheet once every item is scored: its score is the sum; it is locked. A second
        submission is 409 and changes nothing."""
        row = score_service.submit(db(), runtime().registry, principal(), panel_id, application_id,
                                   expected_version=versioning.if_match())
        return row, versioning.etag(row.version)


@sheets.route("/panels/<int:panel_id>/sheets")
class PanelSheets(MethodView):
    @sheets.auth(*READ)
    @sheets.arguments(PageQuerySchema, location="query")
    @sheets.response(200, page_of(SheetSchema))
    @sheets.alt_response(404, response="NOT_FOUND")
    def get(self, query, panel_id):
        """A panel's sheets (the office and supervisors: all; an expert: their own)."""
        return score_service.sheets_page(db(), principal(), panel_id, **query)


@sheets.route("/score-sheets/<int:sheet_id>/reopen")
class SheetReopen(MethodView):
    @sheets.auth(Permission.REVIEW_MANAGE)
    @versioning.documented(sheets)
    @sheets.arguments(ReopenSchema)
    @sheets.response(200, SheetSchema, headers=versioning.ETAG_HEADER)
    @sheets.alt_response(404, response="NOT_FOUND")
    @sheets.alt_response(409, response="CONFLICT")
    def post(self, data, sheet_id):
        """Reopen a submitted sheet so its expert can correct it: the office only, with a reason kept on
        the sheet and in the audit trail."""
        row = score_service.reopen(db(), principal(), sheet_id, reason=data["reason"],
                                   expected_version=versioning.if_match())
        return row, versioning.etag(row.version)


@sheets.route("/cycles/<int:cycle_id>/stages/<string:code>/results")
class StageResults(MethodView):
    @sheets.auth(Permission.REVIEW_READ)
    @sheets.response(200, StageResultsSchema)
    @sheets.alt_response(404, response="NOT_FOUND")
    def get(self, cycle_id, code):
        """Every application's score at a review stage: the aggregate of the counted sheets (submitted,
        by experts on a confirmed seat) with every sheet beside it, how they were combined (the
        plugin's rule with its article, or the office's setting) and the disagreement flags."""
        return result_service.results(db(), runtime().registry, cycle_id, code)


@sheets.route("/cycles/<int:cycle_id>/stages/<string:code>/agreement")
class StageAgreement(MethodView):
    @sheets.auth(Permission.REVIEW_READ)
    @sheets.response(200, AgreementSchema)
    @sheets.alt_response(404, response="NOT_FOUND")
    def get(self, cycle_id, code):
        """How far the panel agreed at a stage: each expert's leniency against the others (mean
        difference and its z-score), the spread per application, Kendall's W and ICC(2,1) per group of
        applications scored by the same experts."""
        return result_service.agreement_report(db(), runtime().registry, cycle_id, code)


# -- gates, ranking and the committee's decision ----------------------------------------------------

@sheets.route("/cycles/<int:cycle_id>/stages/<string:code>/entrants")
class StageEntrantsView(MethodView):
    @sheets.auth(Permission.REVIEW_READ)
    @sheets.response(200, EntrantsProposalSchema)
    @sheets.alt_response(404, response="NOT_FOUND")
    def get(self, cycle_id, code):
        """Who the rules would let into a gated review stage (Nantong's on-site shortlist of 1:1.5, Ji'an's
        defence, Changde's list by materials rank), ranked by the earlier stage, with the cap and the article."""
        return ranking_service.proposal(db(), runtime().registry, cycle_id, code)

    @sheets.auth(Permission.REVIEW_MANAGE)
    @versioning.documented(sheets, required=False)
    @sheets.arguments(EntrantsCreateSchema)
    @sheets.response(200, EntrantsSchema, headers=versioning.ETAG_HEADER)
    @sheets.alt_response(404, response="NOT_FOUND")
    @sheets.alt_response(409, response="CONFLICT")
    def post(self, data, cycle_id, code):
        """Record who enters a gated stage: never beyond a cap (422 with the article); a departure from
        the proposal needs a reason. A panel of the stage then reviews only these applications."""
        row = ranking_service.record_entrants(db(), runtime().registry, principal(), cycle_id, code, **data,
                                              expected_version=versioning.if_match(required=False))
        return row, versioning.etag(row.version)


@sheets.route("/applications/<int:application_id>/bonus")
class ApplicationBonus(MethodView):
    @sheets.auth(Permission.REVIEW_READ)
    @sheets.response(200, BonusSchema, headers=versioning.ETAG_HEADER)
    @sheets.alt_response(404, response="NOT_FOUND")
    def get(self, application_id):
        """The units the office verified for an application's bonus points (404 while none are recorded)."""
        row = ranking_service.get_bonus(db(), application_id)
        return row, versioning.etag(row.version)

    @sheets.auth(Permission.REVIEW_MANAGE)
    @versioning.documented(sheets, required=False)
    @sheets.arguments(BonusPutSchema)
    @sheets.response(200, BonusSchema, headers=versioning.ETAG_HEADER)
    @sheets.alt_response(404, response="NOT_FOUND")
    @sheets.alt_response(409, response="CONFLICT")
    def put(self, data, application_id):
        """Record the units a text adds points for (Yuncheng 第三条: 5 per talent hired, 20 per senior talent),
        as the office verified them; the ranking adds the points after weighting, each rule with its article.
        409 where the rules add no bonus for the application's kind."""
        row = ranking_service.record_bonus(db(), runtime().registry, principal(), application_id, **data,
                                           expected_version=versioning.if_match(required=False))
        return row, versioning.etag(row.version)


@sheets.route("/cycles/<int:cycle_id>/ranking")
class CycleRanking(MethodView):
    @sheets.auth(Permission.REVIEW_READ)
    @sheets.response(200, RankingSchema)
    @sheets.alt_response(404, response="NOT_FOUND")
    def get(self, cycle_id):
        """The weighted totals of the accepted applications from the stage results, ranked by the documented
        tie-breaks, and the quota allocation of the cycle's tiers with every cut and its article."""
        return ranking_service.ranking(db(), runtime().registry, cycle_id)


@sheets.route("/cycles/<int:cycle_id>/decisions")
class CycleDecisions(MethodView):
    @sheets.auth(Permission.REVIEW_READ)
    @sheets.arguments(PageQuerySchema, location="query")
    @sheets.response(200, page_of(DecisionSchema))
    @sheets.alt_response(404, response="NOT_FOUND")
    def get(self, query, cycle_id):
        """The committee's recorded decisions on the cycle's list."""
        return ranking_service.decisions_page(db(), cycle_id, **query)

    @sheets.auth(Permission.REVIEW_MANAGE)
    @idempotent(sheets)
    @sheets.arguments(DecisionCreateSchema)
    @sheets.response(201, DecisionSchema)
    @sheets.alt_response(404, response="NOT_FOUND")
    def post(self, data, cycle_id):
        """Record the committee's decision (审定, 审议, 投票) with the date and the count. Every place where
        its list differs from the allocation is named in ``departures`` with the reason (422 otherwise)."""
        return ranking_service.record_decision(db(), runtime().registry, principal(), cycle_id, **data)


@sheets.route("/decisions/<int:decision_id>")
class DecisionById(MethodView):
    @sheets.auth(Permission.REVIEW_READ)
    @sheets.response(200, DecisionSchema)
    @sheets.alt_response(404, response="NOT_FOUND")
    def get(self, decision_id):
        """One recorded decision, with the ranking it was compared with in the audit trail."""
        return ranking_service.get_decision(db(), decision_id)


BLUEPRINTS = [experts, panels, sheets]
