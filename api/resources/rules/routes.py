"""The rule API: facts schemas and eligibility checks, stateless or under the caller's tenant binding."""
from flask.views import MethodView

from api.blueprint import Blueprint
from api.context import db, principal, runtime, today
from core.engine.encode import to_json
from api.resources.rules.schemas import (
    AllocationRequestSchema, EligibilityRequestSchema, FactsSchemaQuerySchema, NoticeRequestSchema,
    RewardRequestSchema, SanctionRequestSchema, StatelessAllocationSchema, StatelessEligibilityRequestSchema,
    StatelessNoticeSchema, StatelessRewardSchema, StatelessSanctionSchema, StatelessSummaryQuerySchema,
    StatelessTotalSchema, SummaryQuerySchema, TenantFactsSchemaQuerySchema, TotalRequestSchema, VerdictSchema,
)
from core.platform.permissions import Permission
from core.platform.services import calendar as calendar_service
from core.platform.services import rules as rule_service
from core.platform.services import tenant_settings as setting_service
from core.platform.services import tenants as tenant_service

blp = Blueprint("rules", __name__, url_prefix="/api/v1/rules",
                description="A jurisdiction's rules, evaluated without storing anything")
tenant_blp = Blueprint("tenant_rules", __name__, url_prefix="/api/v1/tenant/rules",
                       description="The rules of the caller's tenant (its bound version); applicants self-assess here")
tenant_blp.tenant_scoped = True


# Every rule route exists twice: stateless (/rules/{jurisdiction}/..., a named version or the one in force
# on the date) and for the caller's tenant (its bound version and its settings).

def _stateless_rules(jurisdiction, data):
    return rule_service.version_for(runtime().registry, jurisdiction, data.get("version"), data["on_date"] or today())


def _tenant_rules(data):
    tenant = tenant_service.get_tenant(db(), principal().tenant_id)
    rules, version = rule_service.tenant_version(runtime().registry, tenant, data["on_date"] or today())
    return rules, version, setting_service.values(db())


def _computation(path, method, doc, stateless_schema, tenant_schema, compute, location="json", schema=None):
    """Register ``compute(rules, version, data, settings)`` both ways. Without a response ``schema``
    the decision is encoded by :func:`to_json`."""
    encode = (lambda result: result) if schema is not None else to_json

    def stateless(self, data, jurisdiction):
        rules, version = _stateless_rules(jurisdiction, data)
        return encode(compute(rules, version, data, rule_service.validated_settings(rules, version,
                                                                                    data.get("settings"))))

    def for_tenant(self, data):
        rules, version, settings = _tenant_rules(data)
        return encode(compute(rules, version, data, settings))

    name = "".join(part.title() for part in path.split("-"))
    for bp, fn, request_schema, rule, perm in (
            (blp, stateless, stateless_schema, f"/<string:jurisdiction>/{path}", Permission.JURISDICTIONS_READ),
            (tenant_blp, for_tenant, tenant_schema, f"/{path}", Permission.TENANT_READ)):
        fn.__doc__ = doc
        respond = bp.response(200, schema) if schema is not None else bp.response(
            200, description="The decision, with its citations")
        view = bp.alt_response(409, response="CONFLICT")(bp.alt_response(501, response="NOT_IMPLEMENTED")(respond(fn)))
        if bp is blp:
            view = bp.alt_response(404, response="NOT_FOUND")(view)
        view = bp.auth(perm)(bp.arguments(request_schema, location=location)(view))
        bp.route(rule)(type(f"{name}{'Tenant' if bp is tenant_blp else ''}", (MethodView,), {method: view}))


_computation(
    "total", "post",
    "Weighted total of stage scores: each stage's contribution with its article, plus any bonus points.",
    StatelessTotalSchema, TotalRequestSchema,
    lambda rules, version, d, s: rule_service.weighted_total(
        rules, version, entry_kind=d["entry_kind"], stage_scores=d["stage_scores"], bonus=d["bonus"],
        bonus_counts=d["bonus_counts"], settings=s))
_computation(
    "quota-allocation", "post",
    "Winners of a tier from a ranking, and for each one left out the quota (and article) that cut them.",
    StatelessAllocationSchema, AllocationRequestSchema,
    lambda rules, version, d, s: rule_service.allocate(rules, version, tier=d["tier"], tiers=d["tiers"],
                                                       ranked=d["ranked"], settings=s))
_computation(
    "reward", "post",
    "What a winner of a tier receives (integer yuan and honours), given its earlier awards.",
    StatelessRewardSchema, RewardRequestSchema,
    lambda rules, version, d, s: rule_service.reward(
        rules, version, tier=d["tier"], entry_kind=d["entry_kind"], history=d["history"], settings=s,
        facts=d["facts"], flags=d["flags"], category=d["category"]))
_computation(
    "sanction", "post",
    "Measures for a violation and the last day of the ban it triggers.",
    StatelessSanctionSchema, SanctionRequestSchema,
    lambda rules, version, d, s: rule_service.sanction(
        rules, version, violation=d["violation"], decided_on=d["decided_on"], occurred_on=d["occurred_on"],
        award=d["award"], entry_kind=d["entry_kind"], settings=s, facts=d["facts"], flags=d["flags"]))
_computation(
    "notice-dates", "post",
    "The earliest last day of a public notice published on a day: the publication day is not counted "
    "(民法典 第二百零一条), working days come from the official calendar.",
    StatelessNoticeSchema, NoticeRequestSchema,
    lambda rules, version, d, s: rule_service.notice_dates(
        rules, version, stage=d["stage"], published_on=d["published_on"],
        is_working_day=calendar_service.load(db()).is_working_day, settings=s))
_computation(
    "summary", "get",
    "What the rule version decides (tiers, quotas, weights, cycle, notices, panels, obligations, rewards, "
    "settings), each with its citations.",
    StatelessSummaryQuerySchema, SummaryQuerySchema,
    lambda rules, version, d, s: rule_service.summary(rules, version, d["on_date"] or today(), s),
    location="query")
_computation(
    "eligibility", "post",
    "Judge a candidate's facts: every failed condition with its citation, conditions awaiting the office's "
    "confirmation, tiers it may not win, and the full trace of the rules that ran.",
    StatelessEligibilityRequestSchema, EligibilityRequestSchema,
    lambda rules, version, d, s: rule_service.check_eligibility(
        rules, version, entry_kind=d["entry_kind"], raw_facts=d["facts"], on_date=d["on_date"] or today(),
        history=d["history"], sanctions=d["sanctions"], settings=s, category=d["category"],
        deadline=d["deadline"]),
    schema=VerdictSchema)
_computation(
    "facts-schema", "get",
    "The JSON schema of the facts the jurisdiction needs for an entry kind; each field its rules read is "
    "marked x-mqa-read, and x-mqa-confirmations lists the conditions an office confirms.",
    FactsSchemaQuerySchema, TenantFactsSchemaQuerySchema,
    lambda rules, version, d, s: rule_service.facts_json_schema_marked(rules, version, d["entry_kind"]),
    location="query")
