"""Award cycles: opened by an office admin on a pinned rule version, dated, moved stage by stage."""
from flask.views import MethodView

from api import versioning
from api.blueprint import Blueprint
from api.context import db, principal, runtime, today
from api.idempotency import idempotent
from api.paging import page_of
from api.resources.cycles.schemas import (
    CyclePageOnlyQuerySchema, AdminCycleSchema, CycleCreateSchema, CycleDetailSchema, CycleQuerySchema, CycleSchema,
    CycleUpdateSchema, MoveBackSchema, CycleMoveSchema, CycleStageRowSchema, StageUpdateSchema,
)
from core.cycles import services as cycle_service
from core.platform.permissions import Permission
from core.platform.services import tenants as tenant_service

blp = Blueprint("cycles", __name__, url_prefix="/api/v1/cycles", description="The tenant's award cycles")
blp.tenant_scoped = True
versioning.install(blp)

admin_blp = Blueprint("admin_cycles", __name__, url_prefix="/api/v1/admin/tenants",
                      description="Central admin: counts of a tenant's cycles, never their contents")
versioning.install(admin_blp)


def _detail(cycle):
    described = cycle_service.describe(db(), runtime().registry, cycle)
    return described, versioning.etag(cycle.version)


@blp.route("")
class Cycles(MethodView):
    @blp.auth(Permission.CYCLES_READ)
    @blp.arguments(CycleQuerySchema, location="query")
    @blp.response(200, page_of(CycleSchema))
    def get(self, query):
        """List the tenant's cycles, newest year first, optionally by status."""
        return cycle_service.cycles_page(db(), **query)

    @blp.auth(Permission.CYCLES_MANAGE)
    @idempotent(blp)
    @blp.arguments(CycleCreateSchema)
    @blp.response(201, CycleDetailSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data):
        """Open a cycle (office admins): its year, what it awards, and the rule version pinned for good."""
        session = db()
        tenant = tenant_service.get_tenant(session, principal().tenant_id)
        cycle = cycle_service.open_cycle(session, runtime().registry, principal(), tenant, today=today(), **data)
        return _detail(cycle)


@blp.route("/<int:cycle_id>")
class CycleById(MethodView):
    @blp.auth(Permission.CYCLES_READ)
    @blp.response(200, CycleDetailSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, cycle_id):
        """One cycle: its pinned version and its stages in order, with dates, articles and notice periods."""
        cycle, described = cycle_service.get_cycle(db(), runtime().registry, cycle_id)
        return described, versioning.etag(cycle.version)

    @blp.auth(Permission.CYCLES_MANAGE)
    @versioning.documented(blp)
    @blp.arguments(CycleUpdateSchema)
    @blp.response(200, CycleDetailSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def patch(self, data, cycle_id):
        """Rename a cycle, or change its tiers and categories while nothing was submitted (If-Match: its version)."""
        cycle = cycle_service.update_cycle(db(), runtime().registry, principal(), cycle_id,
                                           expected_version=versioning.if_match(), **data)
        return _detail(cycle)


@blp.route("/<int:cycle_id>/stages/<string:code>")
class CycleStageByCode(MethodView):
    @blp.auth(Permission.CYCLES_MANAGE)
    @versioning.documented(blp)
    @blp.arguments(StageUpdateSchema)
    @blp.response(200, CycleStageRowSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def patch(self, data, cycle_id, code):
        """Date a stage (If-Match: the stage's version); periods the regulation fixes are checked, citing them."""
        stage = cycle_service.date_stage(db(), runtime().registry, principal(), cycle_id, code,
                                         expected_version=versioning.if_match(), **data)
        return stage, versioning.etag(stage.version)


@blp.route("/<int:cycle_id>/advance")
class CycleAdvance(MethodView):
    @blp.auth(Permission.CYCLES_MANAGE)
    @versioning.documented(blp, required=False)
    @blp.response(200, CycleDetailSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, cycle_id):
        """Move to the next stage (or close after the last) when the current stage's conditions hold;
        409 conditions_not_met lists every check otherwise (If-Match optional)."""
        cycle = cycle_service.advance(db(), runtime().registry, principal(), cycle_id,
                                      expected_version=versioning.if_match(required=False))
        return _detail(cycle)


@blp.route("/<int:cycle_id>/back")
class CycleBack(MethodView):
    @blp.auth(Permission.CYCLES_MANAGE)
    @versioning.documented(blp, required=False)
    @blp.arguments(MoveBackSchema)
    @blp.response(200, CycleDetailSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data, cycle_id):
        """Move back to the previous stage, for a reason on record (If-Match optional)."""
        cycle = cycle_service.move_back(db(), runtime().registry, principal(), cycle_id, reason=data["reason"],
                                        expected_version=versioning.if_match(required=False))
        return _detail(cycle)


@blp.route("/<int:cycle_id>/moves")
class CycleMoves(MethodView):
    @blp.auth(Permission.CYCLES_MANAGE, Permission.APPLICATIONS_READ)
    @blp.arguments(CyclePageOnlyQuerySchema, location="query")
    @blp.response(200, page_of(CycleMoveSchema))
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, query, cycle_id):
        """A cycle's moves, oldest first: every forward move with its checks, every move back with its reason."""
        return cycle_service.moves_page(db(), cycle_id, **query)


@admin_blp.route("/<string:code>/cycles")
class TenantCycles(MethodView):
    @admin_blp.auth(Permission.PLATFORM_ADMIN)
    @admin_blp.arguments(CyclePageOnlyQuerySchema, location="query")
    @admin_blp.response(200, page_of(AdminCycleSchema))
    @admin_blp.alt_response(404, response="NOT_FOUND")
    def get(self, query, code):
        """A tenant's cycles, newest year first: year, status, stage, rule version and counts of
        applications per status. No names, no facts."""
        return cycle_service.tenant_cycle_counts(db(), code, **query)


BLUEPRINTS = [blp, admin_blp]
