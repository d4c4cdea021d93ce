"""Judging a member of the expert pool (专家库) against the qualifications a regulation states.

A plugin lists its qualifications (:func:`core.engine.hookspecs.mqa_expert_qualifications`); this
module judges one expert's profile against them on a day, every condition at once, each finding with
its article. Ages and years of practice count whole years by the legal period convention
(:func:`core.engine.periods.full_years`): "5年以上" includes 5, "不超过65周岁" includes 65.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Sequence

from core.engine import periods
from core.engine.rules import EXPERT_TITLES, Citation, ExpertQualification, Outcome

TITLE_NAMES = {"none": "无职称", "junior": "初级职称", "intermediate": "中级职称", "vice_senior": "副高级职称",
               "senior": "正高级职称"}


@dataclass(frozen=True)
class ExpertProfile:
    """What the qualifications read of an expert: title, since when they practise, birth date, and the
    codes of the conditions the office has confirmed."""

    title: str = "none"
    practice_started_on: dt.date | None = None
    born_on: dt.date | None = None
    attested: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class QualificationFinding:
    code: str
    outcome: Outcome
    strict: bool
    citation: Citation
    explanation: str

    @property
    def refuses(self) -> bool:
        """A failed strict condition: the expert cannot be in the pool."""
        return self.outcome is Outcome.FAILED and self.strict

    @property
    def flags(self) -> bool:
        """A failed softened condition ("一般…"): the office is told, with the article."""
        return self.outcome is Outcome.FAILED and not self.strict


def judge(qualifications: Sequence[ExpertQualification], profile: ExpertProfile,
          on_date: dt.date) -> list[QualificationFinding]:
    """Every qualification judged on ``on_date``; a missing date is a failure that says what is missing."""
    return [_judge_one(q, profile, on_date) for q in qualifications]


def _judge_one(q: ExpertQualification, profile: ExpertProfile, on_date: dt.date) -> QualificationFinding:
    def finding(ok: bool | None, text: str) -> QualificationFinding:
        outcome = Outcome.NEEDS_ATTESTATION if ok is None else Outcome.PASSED if ok else Outcome.FAILED
        return QualificationFinding(q.code, outcome, q.strict, q.citation, f"{q.description}: {text}")

    if q.kind == "attested":
        if q.code in profile.attested:
            return finding(True, "已由办公室确认")
        return finding(None, "需办公室核实确认")
    if q.kind == "min_title":
        have, need = EXPERT_TITLES.index(profile.title), EXPERT_TITLES.index(str(q.value))
        return finding(have >= need, f"具有{TITLE_NAMES[profile.title]}，要求{TITLE_NAMES[str(q.value)]}及以上")
    assert isinstance(q.value, int)
    if q.kind == "practice_years":
        if profile.practice_started_on is None:
            return finding(False, "未登记从业起始日期，无法计算从业年限")
        years = periods.full_years(profile.practice_started_on, on_date) if profile.practice_started_on <= on_date \
            else 0
        return finding(years >= q.value, f"截至{on_date.isoformat()}从业满{years}年，要求{q.value}年以上")
    # max_age
    if profile.born_on is None:
        return finding(False, "未登记出生日期，无法计算年龄")
    age = periods.full_years(profile.born_on, on_date) if profile.born_on <= on_date else 0
    return finding(age <= q.value, f"截至{on_date.isoformat()}年满{age}周岁，要求不超过{q.value}周岁")
