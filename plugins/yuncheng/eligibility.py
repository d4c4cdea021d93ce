"""Yuncheng eligibility: 第十一条 (organisations), 第十二条 (individuals), 第十三条 (earlier winners)
and 第三十条 (bans after a revocation).

Periods follow the core convention (core.engine.periods, 民法典 第二百零一～二百零四条): "N 年以上" is
``full_years >= N`` (the anniversary completes the year); "近 3 年" is the window from the
corresponding day 3 years back to the evaluation date, both included (``recent``). Where this text
counts in evaluation cycles instead (第十三条, 第三十条), the reading says so.

Readings (documented here, not in the regulation):

* 第十一条（一）: "在运城市行政区域内依法设立" is ``registration_city == "运城市"``
  [reading: registered_in_yuncheng]; "正常开展活动 3 年以上" counts from ``founded_on``
  [reading: operating_years_from_founding]. "无违法、违规、违纪行为" has no time window: any record of a
  violation kind, whenever decided, fails [reading: violations_without_window]. The kinds that count
  (``VIOLATION_RECORD_KINDS``): administrative penalty, serious violation, service-quality,
  labour/social security or tax violation, award fraud; quality complaints, spot-check failures and
  dishonesty listings are not violations as such and are left to the office
  [reading: violation_record_kinds].
* 第十一条（二）: applying quality methods is attested; "建立并实施卓越绩效模式" needs
  ``excellence_model_since`` on or before the evaluation date, no minimum length
  [reading: excellence_model_dated].
* 第十一条（三）, （五）: attested.
* 第十一条（四）: for-profit organisations: at least one of the three ranks (revenue, profit and tax,
  total-asset contribution rate) is 1..3. "上年度" is the calendar year before the year of the
  cycle's application deadline (``deadline``; the evaluation date when none is given): applications
  due in 2024 give the ranks of 2023, even when screened in January 2025
  [reading: previous_year_of_deadline]. Ranks of another year, or none, fail, saying so.
  Non-profit organisations: social contribution among the industry's leaders is attested.
* 第十一条（六）: accidents of grade ``major`` or ``especially_major`` in the last 3 years; "质量、安全、
  环保等" is an open list, so every accident category counts; responsibility is not required
  [reading: major_accident_scope].
* 第十一条（七）: priority for national or provincial government honours is no condition of
  eligibility; it reaches the quota plan as a preference (see ``quotas``), so no finding here.
* 第十二条（一）: conduct is attested, and any conduct record other than ``minor`` fails, whenever
  decided [reading: individual_conduct_records]. （二）–（五） attested; （六） "10 年以上" from
  ``quality_work_since``.
* 第十三条: counted in evaluation cycles, not by the civil-code period: a cycle lasts 5 years
  (第四条) and is named by its 评选年 (第十四条), ``cycle_year`` Y, covering the years Y..Y+4. An
  award won in cycle Y bars re-application in the next two cycles (Y+5..Y+14); the winner may apply
  again from 1 January of Y+15 [reading: reapply_after_two_cycles]. The cycle year is used as given
  (the core gives it with every award); it is never derived from the award date. A cycle year that
  is missing (0), or that cannot be the cycle of the award date (the award must fall within its
  cycle's five years Y..Y+4), is refused with InvalidInput naming ``history.cycle_year``
  [reading: cycle_year_as_given]. A revoked award does not count here: 第三十条's ban applies
  instead [reading: revoked_award_not_counted]. Nomination winners may apply (passed finding).
* 第三十条: a sanction with ``ban_until`` on or after the evaluation date fails (the ban's end is
  computed by ``sanctions``).
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, Sequence

from core.sdk import Finding, InvalidInput, Judge, Outcome, PastAward, PastSanction, full_years, recent
from plugins.yuncheng.articles import cite
from plugins.yuncheng.facts import RANK_FIELDS

Facts = Mapping[str, Any]
CITY = "运城市"
VIOLATION_RECORD_KINDS = ("administrative_penalty", "serious_violation", "service_quality_violation",
                          "labour_social_security_violation", "tax_violation", "award_fraud")
MAJOR_GRADES = ("major", "especially_major")
RANK_NAMES = {"revenue": "经营收入", "profit_and_tax": "利税总额", "asset_contribution_rate": "总资产贡献率"}
CYCLE_YEARS = 5
BARRED_CYCLES = 2


def organization(version: str, f: Facts, on: dt.date, deadline: dt.date) -> list[Finding]:
    v, art = version, "第十一条"
    j = Judge(f)

    item = cite(v, art, "（一）")
    city = f["registration_city"]
    j.check("org.registered_in_yuncheng", city == CITY, item, "在运城市行政区域内依法设立",
            lambda: f"设立地为{city or '（未填）'}，不在运城市行政区域内", registration_city=city)
    years = full_years(f["founded_on"], on)
    j.check("org.operating_years", years >= 3, item, lambda: f"正常开展活动已满{years}年（要求3年以上，含3年）",
            lambda: f"正常开展活动仅满{years}年，不足3年", founded_on=f["founded_on"], full_years=years)
    bad = [r for r in f.get("records") or () if r["kind"] in VIOLATION_RECORD_KINDS]
    j.check("org.no_violations", not bad, item, "无违法、违规、违纪记录",
            lambda: f"有{len(bad)}条违法、违规或违纪记录",
            records=tuple((r["kind"], r["decided_on"]) for r in bad))

    item = cite(v, art, "（二）")
    j.attest("org.quality_methods", item, "科学有效应用先进质量管理方法和技术，持续改进，质量工作成绩显著")
    model = f.get("excellence_model_since")
    j.check("org.excellence_model", model is not None and model <= on, item,
            lambda: f"自{model}起建立并实施卓越绩效模式", "未建立并实施卓越绩效模式",
            excellence_model_since=model)

    j.attest("org.leading_quality", cite(v, art, "（三）"), "产品质量、技术创新、研发、节能减排等全市同行业领先、全省一流")

    item = cite(v, art, "（四）")
    if f.get("for_profit", True):
        _top_three(j, f.get("city_industry_ranks_last_year"), deadline, item)
    else:
        j.attest("org.social_contribution", item, "非营利性组织的社会贡献居行业前列")

    j.attest("org.policy_compliance", cite(v, art, "（五）"), "符合产业导向、环保、节能减排、安全生产、质量管理等法规政策")

    accidents = [a for a in recent(f.get("accidents") or (), "occurred_on", on, 3) if a["grade"] in MAJOR_GRADES]
    j.check("org.major_accidents", not accidents, cite(v, art, "（六）"), "近3年无重大及以上质量、安全、环保等事故",
            lambda: f"近3年发生{len(accidents)}起重大及以上事故",
            accidents=tuple((a["category"], a["grade"], a["occurred_on"]) for a in accidents))
    return j.findings


def _top_three(j: Judge, ranks: Mapping[str, Any] | None, deadline: dt.date, item: Any) -> None:
    want = deadline.year - 1
    if ranks is None:
        j.check("org.top_three_indicator", False, item, "", f"未提供{want}年度（申报截止日的上年度）全市同行业排名",
                ranks=None, deadline=deadline)
        return
    if ranks["year"] != want:
        j.check("org.top_three_indicator", False, item, "",
                f"所给排名为{ranks['year']}年度，应为申报截止日（{deadline}）的上年度（{want}年度）",
                ranks=dict(ranks), deadline=deadline)
        return
    top = [RANK_NAMES[k] for k in RANK_FIELDS if ranks.get(k) is not None and ranks[k] <= 3]
    j.check("org.top_three_indicator", bool(top), item,
            lambda: f"{want}年度{'、'.join(top)}位居全市同行业前三",
            f"{want}年度经营收入、利税总额、总资产贡献率均未进入全市同行业前三", ranks=dict(ranks), deadline=deadline)


def individual(version: str, f: Facts, on: dt.date) -> list[Finding]:
    v, art = version, "第十二条"
    j = Judge(f)
    item = cite(v, art, "（一）")
    j.attest("indiv.conduct", item, "政治坚定、品行端正，恪守职业道德和社会规范")
    conduct = [r for r in f.get("conduct_records") or () if r["kind"] != "minor"]
    j.check("indiv.conduct_records", not conduct, item, "无违法、违规、违纪记录",
            lambda: f"有{len(conduct)}条违法、违规、违纪或失信记录",
            records=tuple((r["kind"], r["decided_on"]) for r in conduct))
    j.attest("indiv.applies_gbt19580", cite(v, art, "（二）"), "在所管辖组织贯彻卓越绩效评价准则，推进质量管理")
    j.attest("indiv.outstanding_contribution", cite(v, art, "（三）"), "创立先进质量管理方法和质量文化，对运城质量发展贡献突出")
    j.attest("indiv.leading_indicators", cite(v, art, "（四）"), "所管辖组织主要质量、技术、经济指标全市同行业领先并起示范作用")
    j.attest("indiv.reputation", cite(v, art, "（五）"), "所管辖组织在全市知名度较高、美誉度较好")
    since = f.get("quality_work_since")
    years = full_years(since, on) if since else None
    j.check("indiv.quality_work_years", years is not None and years >= 10, cite(v, art, "（六）"),
            lambda: f"从事质量工作已满{years}年（要求10年以上，含10年）",
            lambda: "未提供从事质量工作的起始日期" if since is None else f"从事质量工作仅满{years}年，不足10年",
            quality_work_since=since)
    return j.findings


def award_cycle(award: PastAward) -> int:
    """第十三条: the cycle year of an earlier award, as given; refused when missing or impossible."""
    cycle = award.cycle_year
    if not cycle or award.cycle_year_from_date:
        raise InvalidInput.on("history.cycle_year", f"the cycle year (评选年) of the {award.tier} award is needed: "
                                                    "yuncheng/2023 第十三条 counts the two following cycles from it")
    if award.awarded_on is not None and not cycle <= award.awarded_on.year < cycle + CYCLE_YEARS:
        raise InvalidInput.on("history.cycle_year",
                              f"an award dated {award.awarded_on} cannot belong to the {cycle} cycle, which covers "
                              f"{cycle}-{cycle + CYCLE_YEARS - 1} (yuncheng/2023 第四条: a cycle lasts 5 years); "
                              "give the cycle year (评选年) of the award")
    return cycle


def reapply_from(award: PastAward) -> dt.date:
    """第十三条: the first day an award winner may apply again (after the two following cycles)."""
    return dt.date(award_cycle(award) + CYCLE_YEARS * (BARRED_CYCLES + 1), 1, 1)


def history_findings(version: str, history: Sequence[PastAward], sanctions: Sequence[PastSanction],
                     on: dt.date) -> list[Finding]:
    v = version
    out: list[Finding] = []
    item = cite(v, "第十三条")
    awards = [a for a in history if a.tier == "award" and a.revoked_on is None]
    if awards:
        last = max(awards, key=reapply_from)
        until = reapply_from(last)
        ok = on >= until
        cycle = award_cycle(last)
        rule = f"{cycle}年度周期获市长质量奖，其后两个评选周期内不得申报，{until}起可再申报"
        out.append(Finding("history.award_two_cycles", Outcome.PASSED if ok else Outcome.FAILED, item,
                           ("已过限制期：" if ok else "尚在限制期：") + rule,
                           {"cycle_year": cycle, "eligible_from": until}))
    nominations = [a for a in history if a.tier == "nomination" and a.revoked_on is None]
    if nominations:
        out.append(Finding("history.nomination_may_apply", Outcome.PASSED, item, "曾获提名奖，可继续申报市长质量奖",
                           {"nomination_cycles": tuple(a.cycle_year for a in nominations)}))
    for sanction in sanctions:
        if sanction.ban_until is not None and sanction.ban_until >= on:
            out.append(Finding("history.ban", Outcome.FAILED, cite(v, "第三十条"),
                               f"因{sanction.kind}于{sanction.decided_on}被撤销奖项，{sanction.ban_until}前（含）不得申报",
                               {"sanction": sanction.kind, "ban_until": sanction.ban_until,
                                "sanction_citation": str(sanction.citation) if sanction.citation else None}))
    return out
