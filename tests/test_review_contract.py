"""The review contract in the conformance kit: a scoring sheet for every review stage and every entry kind
that goes through it, answering the question asked, cited, and out of the stage weights' scale; expert
qualifications cited and listed once. Each test registers a throwaway city and reads the kit's findings."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from core.engine.conformance import check
from core.engine.hookspecs import hookimpl
from core.engine.plugins import JurisdictionRegistry
from core.engine.rules import (
    INDIVIDUAL, ORGANIZATION, Citation, CyclePlan, ExpertQualification, Jurisdiction, RuleVersion, ScoreItem,
    ScoreSheet, SettingSpec, StageRule, StageWeight, StageWeights, Tier, VersionStage,
)
from core.engine.settings import require

OWN = Citation("reviewed", "1", "第一条")
ELSEWHERE = Citation("elsewhere", "1", "第一条")
STAGES = ("apply", "papers", "visit", "defence")
STAGE_KINDS = (("apply", "application"), ("papers", "review"), ("visit", "review"), ("defence", "review"))


def _plan(stage_rules: tuple[StageRule, ...] = ()) -> CyclePlan:
    return CyclePlan(1, STAGES, (), OWN, stage_kinds=STAGE_KINDS, stage_rules=stage_rules)


def _weights(entry_kind: str, stages: tuple[str, ...], scale: int = 1000) -> StageWeights:
    share = Decimal(1) / len(stages)
    return StageWeights(entry_kind, tuple(StageWeight(s, share, OWN) for s in stages), scale, OWN)


def _sheet(stage: str, entry_kind: str, points: int = 1000, citation: Citation = OWN, **kwargs: Any) -> ScoreSheet:
    return ScoreSheet(stage, entry_kind, (ScoreItem("overall", "总分", points, citation),), OWN, **kwargs)


class Reviewed:
    """A city with organisations and individuals and three review stages: the defence is for organisations
    only (its stage rule), individuals are weighed on the papers alone."""

    plan = _plan((StageRule("defence", OWN, entry_kinds=("organization",)),))

    @hookimpl
    def mqa_jurisdiction(self):
        return Jurisdiction("reviewed", "评审市", "Reviewed", "奖", (RuleVersion("1", "t", VersionStage.ADOPTED),),
                            (Tier("award", "奖", 1),), (ORGANIZATION, INDIVIDUAL))

    @hookimpl
    def mqa_cycle_plan(self):
        return self.plan

    @hookimpl
    def mqa_stage_weights(self, entry_kind):
        return _weights(entry_kind, ("papers", "visit") if entry_kind == "organization" else ("papers",))


def _problems(*plugins: object, check_name: str | None = "score sheets") -> list[str]:
    city, *overlays = plugins
    registry = JurisdictionRegistry.discover(entry_points=False, extra_plugins=[
        ("reviewed", city), *((f"overlay{i}", overlay) for i, overlay in enumerate(overlays))])
    return [p.message for p in check(registry, "reviewed") if check_name is None or p.check == check_name]


def test_a_city_with_review_stages_and_no_sheets_is_told_once():
    assert _problems(Reviewed()) == [
        "the plan has review stages (defence, papers, visit) but mqa_score_sheet is not implemented"]


def test_every_kind_that_goes_through_a_review_stage_needs_a_sheet():
    class Half(Reviewed):
        @hookimpl
        def mqa_score_sheet(self, stage, entry_kind):
            return _sheet(stage, entry_kind) if (stage, entry_kind) != ("visit", "organization") else None

    # individuals are not asked for the visit (their weights leave it out) nor the defence (its stage rule)
    assert _problems(Half()) == ["score sheet of visit/organization: none given, but organization goes through "
                                 "the review stage visit"]


def test_without_known_weights_every_kind_goes_through_a_stage_without_a_rule():
    class Unweighted(Reviewed):
        mqa_stage_weights = None  # not implemented

        @hookimpl
        def mqa_score_sheet(self, stage, entry_kind):
            return _sheet(stage, entry_kind) if entry_kind == "organization" else None

    assert _problems(Unweighted()) == [
        "score sheet of papers/individual: none given, but individual goes through the review stage papers",
        "score sheet of visit/individual: none given, but individual goes through the review stage visit"]


def test_a_sheet_answers_the_question_asked_cites_its_own_articles_and_fits_the_scale():
    class Careless(Reviewed):
        @hookimpl
        def mqa_score_sheet(self, stage, entry_kind):
            if stage == "papers" and entry_kind == "organization":
                return _sheet("visit", entry_kind)  # the wrong stage
            if stage == "papers":
                return _sheet(stage, entry_kind, citation=ELSEWHERE, aggregation="mean",
                              aggregation_citation=ELSEWHERE)
            if stage == "visit":
                return _sheet(stage, entry_kind, points=100)  # weights score out of 1000
            return _sheet(stage, entry_kind, points=100)  # the defence is no weighted stage: any scale

    found = _problems(Careless())
    assert len(found) == 4, found
    assert ("score sheet of papers/organization: reviewed: mqa_score_sheet answered for visit/organization when "
            "asked for papers/organization") in found
    assert "score sheet of papers/individual, item overall cites elsewhere/1 第一条, not an article of reviewed/1" in found
    assert ("score sheet of papers/individual, its aggregation cites elsewhere/1 第一条, not an article of "
            "reviewed/1") in found
    assert ("score sheet of visit/organization adds up to 100 points, but the stage weights of organization score "
            "every stage out of 1000") in found


def test_a_sheet_waiting_for_an_unset_setting_is_not_judged_but_its_setting_must_be_declared():
    points = SettingSpec("sheet_points", "weights", "评分项分值", ("score sheets",), OWN)

    class Settled(Reviewed):
        @hookimpl
        def mqa_tenant_settings(self):
            return [points]

        @hookimpl
        def mqa_score_sheet(self, stage, entry_kind, settings):
            require(settings, points)  # a "weights" setting has no sample value: the kit cannot fill it
            return _sheet(stage, entry_kind)

    class Undeclared(Reviewed):
        @hookimpl
        def mqa_score_sheet(self, stage, entry_kind, settings):
            settings.get("sheet_points")
            return _sheet(stage, entry_kind)

    assert _problems(Settled(), check_name=None) == []
    assert _problems(Undeclared(), check_name="settings") == [
        "a hook reads the setting 'sheet_points', which mqa_tenant_settings does not declare"]


def test_expert_qualifications_cite_their_own_articles_and_are_listed_once():
    class Experts(Reviewed):
        plan = CyclePlan(1, ("apply",), (), OWN, stage_kinds=(("apply", "application"),))  # no review stage

        @hookimpl
        def mqa_expert_qualifications(self):
            return [ExpertQualification("years", "5年以上", OWN, "practice_years", 5),
                    ExpertQualification("conduct", "纪律", ELSEWHERE, "attested")]

    class Twice:
        @hookimpl
        def mqa_expert_qualifications(self):
            return [ExpertQualification("years", "又一次", OWN, "practice_years", 3)]

    assert _problems(Experts(), check_name=None) == [
        "expert qualification conduct cites elsewhere/1 第一条, not an article of reviewed/1"]
    assert _problems(Experts(), Twice(), check_name="expert qualifications") == [
        "reviewed: expert qualifications listed twice: ['years']"]


def test_a_city_that_states_no_qualification_and_writes_every_sheet_conforms():
    class Complete(Reviewed):
        @hookimpl
        def mqa_expert_qualifications(self):
            return []

        @hookimpl
        def mqa_score_sheet(self, stage, entry_kind):
            return _sheet(stage, entry_kind)

    assert _problems(Complete(), check_name=None) == []


# -- the built-in cities' qualifications, judged by the core -------------------------------------------

def _judged(code: str, version: str, profile: Any, on_date: Any) -> dict[str, Any]:
    from core.engine.experts import judge

    rules = JurisdictionRegistry.discover().rules(code)
    return {f.code: f for f in judge(rules.expert_qualifications(rules.jurisdiction.version(version)), profile,
                                     on_date)}


def test_nantong_2020_flags_an_expert_of_66_and_refuses_one_with_4_years_of_practice():
    import datetime as dt

    from core.engine.experts import ExpertProfile

    day = dt.date(2022, 5, 1)
    older = ExpertProfile(title="vice_senior", practice_started_on=dt.date(2010, 1, 1), born_on=dt.date(1956, 3, 1))
    found = _judged("nantong", "2020", older, day)
    assert found["age"].flags and not found["age"].refuses  # "一般不超过65周岁"
    assert str(found["age"].citation) == "nantong/2020 第九条（三）" and "66" in found["age"].explanation
    assert found["practice_years"].outcome.value == "passed" and found["senior_title"].outcome.value == "passed"

    novice = ExpertProfile(title="senior", practice_started_on=dt.date(2018, 5, 2), born_on=dt.date(1980, 1, 1))
    found = _judged("nantong", "2020", novice, day)
    assert found["practice_years"].refuses and str(found["practice_years"].citation) == "nantong/2020 第九条（二）"
    assert found["age"].outcome.value == "passed"
    # five years to the day is enough ("以上" includes the number)
    assert not _judged("nantong", "2020", novice, dt.date(2023, 5, 2))["practice_years"].refuses

    intermediate = ExpertProfile(title="intermediate", practice_started_on=dt.date(2000, 1, 1),
                                 born_on=dt.date(1970, 1, 1))
    assert _judged("nantong", "2020", intermediate, day)["senior_title"].refuses


def test_nantong_2023_refuses_no_one_for_age_title_or_years():
    import datetime as dt

    from core.engine.experts import ExpertProfile

    found = _judged("nantong", "2023", ExpertProfile(born_on=dt.date(1950, 1, 1)), dt.date(2024, 6, 1))
    assert not any(f.refuses or f.flags for f in found.values())
    assert {f.outcome.value for f in found.values()} == {"needs_attestation"}
