"""The office's dashboard: a cycle's counts by stage and status, the deadlines ahead with the working days
left, open objections, overdue obligations and the reminders sent (read-only, the caller's tenant)."""
from flask.views import MethodView

from api.blueprint import Blueprint
from api.context import db, runtime
from api.paging import page_of
from api.resources.awards.schemas import ReminderSchema
from api.resources.dashboard.schemas import (
    DashboardQuerySchema, DashboardSchema, DeadlineSchema, OpenObjectionSchema, OverdueObligationSchema,
)
from core.cycles import dashboard as service
from core.platform.permissions import Permission

blp = Blueprint("dashboard", __name__, url_prefix="/api/v1",
                description="The office's dashboard: counts, deadlines, open objections, overdue duties, reminders")
blp.tenant_scoped = True


@blp.route("/cycles/<int:cycle_id>/dashboard")
class CycleDashboard(MethodView):
    @blp.auth(Permission.APPLICATIONS_READ)
    @blp.response(200, DashboardSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, cycle_id):
        """A cycle's counts by stage and status: applications, screenings, panels, sheets, notices,
        objections, approval, awards, rewards (yuan), obligations (overdue today) and reminders."""
        return service.summary(db(), cycle_id)


@blp.route("/dashboard/deadlines")
class Deadlines(MethodView):
    @blp.auth(Permission.APPLICATIONS_READ)
    @blp.arguments(DashboardQuerySchema, location="query")
    @blp.response(200, page_of(DeadlineSchema))
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, query):
        """Deadlines from today on, soonest first: stage ends of open cycles, open notices' last days and
        winners' duties not done, with the calendar and working days left and the article."""
        return service.deadlines_page(db(), runtime().registry, **query)


@blp.route("/dashboard/objections")
class OpenObjections(MethodView):
    @blp.auth(Permission.APPLICATIONS_READ)
    @blp.arguments(DashboardQuerySchema, location="query")
    @blp.response(200, page_of(OpenObjectionSchema))
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, query):
        """Objections not decided yet, oldest first, with the days since filing (never who objected)."""
        return service.open_objections_page(db(), **query)


@blp.route("/dashboard/obligations-overdue")
class OverdueObligations(MethodView):
    @blp.auth(Permission.APPLICATIONS_READ)
    @blp.arguments(DashboardQuerySchema, location="query")
    @blp.response(200, page_of(OverdueObligationSchema))
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, query):
        """Winners' duties past their last day and not done, most overdue first, with the days overdue."""
        return service.overdue_obligations_page(db(), **query)


@blp.route("/dashboard/reminders")
class Reminders(MethodView):
    @blp.auth(Permission.APPLICATIONS_READ)
    @blp.arguments(DashboardQuerySchema, location="query")
    @blp.response(200, page_of(ReminderSchema))
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, query):
        """Reminders of winners' duties sent, newest first."""
        return service.reminders_page(db(), **query)


BLUEPRINTS = [blp]
