"""Building blocks for eligibility conditions, shared by every jurisdiction plugin.

Every date helper here is the legal period convention of :mod:`core.engine.periods` (民法典
第二百零一条至第二百零四条) under the name a condition reads best with:

* ``full_years(start, day)``: whole years from ``start`` to ``day``; "N 年以上" is ``>= N``.
* ``years_before(day, n)`` / ``years_after(day, n)``: the corresponding day (29 February -> 28).
* ``in_last_years(event, day, n)``: "近 N 年", the window from ``window_start(day, n)`` to ``day``.
* ``period_end(start, n)``: the last day of an N-year ban or window started by an event.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, Callable, Iterable, Mapping

from core.engine import periods
from core.engine.rules import Citation, Finding, Outcome


def years_before(day: dt.date, n: int) -> dt.date:
    """The corresponding day ``n`` years earlier (29 February -> 28 February)."""
    return periods.shift_years(day, -n)


def years_after(day: dt.date, n: int) -> dt.date:
    """The corresponding day ``n`` years later (29 February -> 28 February)."""
    return periods.shift_years(day, n)


def period_end(start: dt.date, years: int) -> dt.date:
    """The last day of a period of ``years`` years that starts with the event on ``start`` (a ban, a
    window after an award): the corresponding day, by :func:`core.engine.periods.period_last_day`."""
    return periods.period_last_day(start, years=years)


full_years = periods.full_years
in_last_years = periods.within_years


class Judge:
    """Collects the findings of one candidate, one condition at a time, with their citations."""

    __slots__ = ("facts", "findings", "_confirmations")

    def __init__(self, facts: Mapping[str, Any]) -> None:
        self.facts = facts
        self.findings: list[Finding] = []
        self._confirmations: Mapping[str, Any] = facts.get("confirmations") or {}

    def check(self, condition: str, ok: bool, citation: Citation, passed: str | Callable[[], str],
              failed: str | Callable[[], str], **facts_used: Any) -> bool:
        """Record a computable condition. An explanation may be a callable, formatted only when used
        (screening builds many findings; most failure texts are never shown)."""
        text = passed if ok else failed
        if not isinstance(text, str):
            text = text()
        self.findings.append(Finding(condition, Outcome.PASSED if ok else Outcome.FAILED, citation, text, facts_used))
        return ok

    def attest(self, condition: str, citation: Citation, question: str) -> None:
        """A condition only an office can judge: pending until confirmed (or denied) in ``confirmations``."""
        answer = self._confirmations.get(condition)
        if answer is None:
            self.findings.append(_pending(condition, citation, question))
            return
        ok = bool(answer.get("confirmed"))
        who = answer.get("by") or "办公室"
        self.findings.append(Finding(condition, Outcome.PASSED if ok else Outcome.FAILED, citation,
                                     f"{who}{'已确认' if ok else '确认不符合'}：{question}",
                                     {"confirmation": dict(answer)}))

    def note(self, finding: Finding) -> None:
        self.findings.append(finding)


@lru_cache(maxsize=4096)
def _pending(condition: str, citation: Citation, question: str) -> Finding:
    return Finding(condition, Outcome.NEEDS_ATTESTATION, citation, f"需由办公室确认：{question}")


def recent(items: Iterable[Mapping[str, Any]], date_key: str, day: dt.date, years: int) -> list[Mapping[str, Any]]:
    """The items whose ``date_key`` lies in the last ``years`` years up to ``day`` ("近 N 年")."""
    start = periods.window_start(day, years)
    return [i for i in items if i.get(date_key) is not None and start <= i[date_key] <= day]


def by_kind(items: Iterable[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for item in items:
        grouped.setdefault(item["kind"], []).append(item)
    return grouped
