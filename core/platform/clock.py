"""The one clock of the domain: rules, deadlines and notices are dated in China Standard Time."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def now() -> dt.datetime:
    return dt.datetime.now(SHANGHAI)


def today() -> dt.date:
    """Today in Asia/Shanghai: a deadline's last day lasts until midnight there, wherever the server is."""
    return now().date()


def day_of(moment: dt.datetime) -> dt.date:
    """The Asia/Shanghai day of an aware instant (a submission time, an audit event)."""
    return moment.astimezone(SHANGHAI).date()
