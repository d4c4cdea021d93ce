"""The working-day calendar: notice periods for everyone, overrides for central admins."""
import datetime as dt
from http import HTTPStatus

import marshmallow as ma
from flask.views import MethodView

from api.blueprint import Blueprint
from api.context import db, principal
from api.paging import page_of
from api.resources.calendar.schemas import (
    DAY_PATTERN,
    DaySchema, OverrideQuerySchema, OverrideSchema, OverridesSetSchema, PeriodQuerySchema, PeriodSchema, day_field,
)
from core.engine.messages import _
from core.errors import InvalidInput
from core.platform.permissions import Permission
from core.platform.services import calendar as calendar_service

blp = Blueprint("calendar", __name__, url_prefix="/api/v1/calendar",
                description="The official working-day calendar (工作日): holidays, adjusted working days (调休), "
                            "notice periods")

UNPROCESSABLE = HTTPStatus(422).name  # renamed UNPROCESSABLE_CONTENT in Python 3.13
_DAY = day_field()
DAY_PARAMETER = {"in": "path", "name": "day", "schema": {"type": "string", "format": "date", "pattern": DAY_PATTERN},
                 "description": "A day, YYYY-MM-DD"}


def parse_day(text: str) -> dt.date:
    try:
        return _DAY.deserialize(text)
    except ma.ValidationError as exc:
        raise InvalidInput(_("day: {items}", items=' '.join(exc.messages)), fields={"day": exc.messages}) from None


@blp.route("/working-days")
class WorkingDays(MethodView):
    @blp.auth(Permission.JURISDICTIONS_READ)
    @blp.arguments(PeriodQuerySchema, location="query")
    @blp.response(200, PeriodSchema)
    @blp.alt_response(409, response="CONFLICT")
    def get(self, query):
        """The last day of a public notice (公示) of N working or calendar days published on `start`.

        The legal period convention (民法典 第二百零一～二百零四条): the publication day is not
        counted; the end is the N-th working day after it, or the N-th calendar day after it moved
        to the next working day when it is a rest day (the last day is the deadline for objections).
        409 `calendar_unknown` when the period reaches a year whose official calendar has not been
        published here yet.
        """
        calendar = calendar_service.load(db())
        end = calendar.notice_end(query["start"], query["days"], working_days=query["kind"] == "working")
        return {**query, "end": end}


@blp.route("/days/<string:day>", parameters=[DAY_PARAMETER])
class Day(MethodView):
    @blp.auth(Permission.JURISDICTIONS_READ)
    @blp.response(200, DaySchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    @blp.alt_response(422, response=UNPROCESSABLE)
    def get(self, day):
        """Whether a day is a working day, and why.

        409 `calendar_unknown` for a day of a year whose official calendar is not known yet.
        """
        return calendar_service.load(db()).day_info(parse_day(day))


@blp.route("/overrides")
class Overrides(MethodView):
    @blp.auth(Permission.PLATFORM_ADMIN)
    @blp.arguments(OverrideQuerySchema, location="query")
    @blp.response(200, page_of(OverrideSchema))
    def get(self, query):
        """Central admin: the days set by hand, a page at a time by day, optionally of one year."""
        return calendar_service.overrides_page(db(), **query)

    @blp.auth(Permission.PLATFORM_ADMIN)
    @blp.arguments(OverridesSetSchema)
    @blp.response(200, OverrideSchema(many=True))
    @blp.alt_response(409, response="CONFLICT")
    def put(self, data):
        """Central admin: set days as holidays or working days; they win over the package.

        Use it to add a year the State Council has published and the installed package does not
        know yet: the first override in such a year makes the whole year known, with every day
        not listed following the plain week, so send all of the year's days together.
        """
        return calendar_service.set_overrides(db(), principal(), data["days"])


@blp.route("/overrides/<string:day>", parameters=[DAY_PARAMETER])
class OverrideByDay(MethodView):
    @blp.auth(Permission.PLATFORM_ADMIN)
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(422, response=UNPROCESSABLE)
    def delete(self, day):
        """Central admin: remove a day's override; the day follows the package (or the plain week) again.

        Removing the last override of a year the package does not know makes that year unknown again.
        """
        calendar_service.delete_override(db(), principal(), parse_day(day))
