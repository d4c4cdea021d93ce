"""Building blocks for eligibility conditions, shared by every jurisdiction plugin.

Date conventions (regulations say "以上/以下" include the number; Nantong 2023 第三十六条
says so explicitly):

* ``full_years(start, day)``: whole years from ``start`` to ``day``; "N 年以上" is ``>= N``.
* ``years_before(day, n)``: the same calendar day ``n`` years earlier (29 February -> 28).
* ``in_last_years(event, day, n)``: "近 N 年", the window ``[years_before(day, n), day]``.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, Callable, Iterable, Mapping

from core.rules import Citation, Finding, Outcome


def years_before(day: dt.date, n: int) -> dt.date:
    try:
        return day.replace(year=day.year - n)
    except ValueError:  # 29 February
        return day.replace(year=day.year - n, day=28)


def years_after(day: dt.date, n: int) -> dt.date:
    try:
        return day.replace(year=day.year + n)
    except ValueError:
        return day.replace(year=day.year + n, day=28)


def period_end(start: dt.date, years: int) -> dt.date:
    """The last day of a period of ``years`` years that starts on ``start`` (a ban, a window after an award)."""
    return years_after(start, years) - dt.timedelta(days=1)


def full_years(start: dt.date, day: dt.date) -> int:
    years = day.year - start.year
    if (day.month, day.day) < (start.month, start.day):
        years -= 1
    return years


def in_last_years(event: dt.date, day: dt.date, n: int) -> bool:
    return years_before(day, n) <= event <= day


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
    start = years_before(day, years)
    return [i for i in items if i.get(date_key) is not None and start <= i[date_key] <= day]


def by_kind(items: Iterable[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for item in items:
        grouped.setdefault(item["kind"], []).append(item)
    return grouped
