"""Ji'an eligibility: 第十条 (organisations), 第十一条 (individuals), 第五条 (earlier winners) and bans
(第二十条, 第二十二条第一款).

Periods follow core.engine.periods (民法典 第二百零一、二百零二条): "N 年以上" is ``full_years >= N`` (the
anniversary completes the year, so N itself counts); "近 3 年（内）" is the window from the
corresponding day 3 years before the evaluation date to that date, both included (``recent``).

Readings (documented here, published as data by readings.py):

* 第十条（四）: ``iso9001_since`` stands for the ISO 9001 certificate or another international
  management-system certificate, whichever the organisation has held longest; both the certificate
  (3 years) and the advanced model (``excellence_model_since``, 1 year) are required.
  [reading: management_system_certificate]
* 第十条（五） "近 2 年持续盈利": profit_yuan > 0 in each of the two most recent full calendar years
  before the evaluation date (evaluated 2024-05-01: 2022 and 2023). A missing year fails, saying so.
  [reading: profit_two_calendar_years]
* 第十条（六）: the item opens with "近 3 年内" and goes on with one list; the 3-year window is applied
  to every record in it (a record older than 3 years no longer bars). [reading: records_window_three_years]
* 第十条（六）, 第十一条（五） "…等责任事故": the list is open (等). Any accident, whatever its category,
  with responsibility pursued and of grade 较大 or above bars; a production-safety (incl.
  construction-safety) accident with deaths bars whatever its grade (亡人). An accident for which no
  responsibility was pursued is not a 责任事故. [reading: accidents_open_list]
* 第十条（六） "较大劳动保障失信记录", "重大纳税、金融失信记录": labour, tax and financial records of
  severity ``major``; the article grades these itself, so an ordinary one does not bar through them
  (nor through the catch-all below). [reading: graded_dishonesty_records]
* 第十条（六） "无相关违法、违规、违纪行为": every record of unlawful or irregular conduct in the window
  bars, serious or not: administrative penalties, serious violations, service-quality violations,
  fraud in a quality-award application. Records the item grades or names itself (labour, tax,
  financial records; spot checks; complaints) are judged by their own clause.
  [reading: other_violations_all_kinds]
* 第十条（六） "具有良好的信用记录和社会声誉": attested by the office, which sees the dishonesty records;
  a dishonesty record is not failed automatically. [reading: credit_record_attested]
* 第十一条（六） has no time window: every record of the individual's conduct that is illegal, a
  violation, a disciplinary matter or dishonesty fails, serious or not (core.sdk SERIOUS_CONDUCT
  and the non-serious ``illegal``/``violation``/``discipline``); only a ``minor`` record (none of
  these) does not. [reading: individual_conduct_no_window]
* 第十一条（七） (unlike （五）) does not say "责任": any fatal production-safety accident of the employer
  in 3 years fails, whether responsibility was pursued or not. [reading: employer_fatal_any]
* 第五条 "5 年（不包含获奖当年）后": the text counts calendar years, not a period from the award day: the
  award year Y is not counted, the five years are Y+1 .. Y+5, so re-application is allowed from
  1 January of Y+6. Y is the award's cycle year (``cycle_year``, the calendar year of the award
  date unless the office recorded otherwise), so no exact award date is needed.
  [reading: reapply_calendar_years]
* A revoked award (取消奖励, 第二十二条) is no longer an award won: it does not start the 第五条 wait
  (from the day it was revoked); a ban on applying comes only from the sanction on record
  (第二十条, 第二十二条第一款). Nomination winners may apply (第五条). [reading: revoked_award_no_wait]
* Bans: a sanction on record bars until its ``ban_until`` (inclusive). Where the record has no
  ``ban_until`` and its kind is one of Ji'an's banning violations, the ban is counted from the
  decision as the sanction hook counts it (sanctions.py). The finding cites the article that
  imposes the ban: 第二十条 for false materials, 第二十二条第一款 for a fraudulent win.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, Sequence

from core.sdk import (
    CONDUCT_KINDS, GRADE_RANK, SAFETY_CATEGORIES, Citation, Finding, InvalidInput, Judge, Outcome, PastAward,
    PastSanction, by_kind, full_years, recent,
)
from plugins.jian import sanctions as sanction_rules
from plugins.jian.articles import cite

Facts = Mapping[str, Any]
CITY = "吉安市"
RECORD_WINDOW_YEARS = 3
REAPPLY_GAP_YEARS = 5
OTHER_VIOLATION_KINDS = ("administrative_penalty", "serious_violation", "service_quality_violation", "award_fraud")
"""Organisation records of unlawful or irregular conduct not graded by a clause of their own (第十条（六）)."""
BARRING_CONDUCT = frozenset(CONDUCT_KINDS) - {"minor"}
"""第十一条（六）: every conduct record but a minor one (serious or not, dishonesty included)."""


def organization(version: str, f: Facts, on: dt.date) -> list[Finding]:
    v, art = version, "第十条"
    j = Judge(f)
    j.attest("org.supports_party_line", cite(v, art, "（一）"), "拥护中央的路线、方针、政策")

    item = cite(v, art, "（二）")
    city = f["registration_city"]
    j.check("org.registered_in_jian", city == CITY, item, "在吉安市行政区域内登记注册",
            lambda: f"登记地为{city or '（未填）'}，不在吉安市行政区域内", registration_city=city)
    j.check("org.legal_person", f["independent_legal_person"], item, "具有法人资格", "不具有法人资格",
            independent_legal_person=f["independent_legal_person"])
    years = full_years(f["founded_on"], on)
    j.check("org.operating_years", years >= 3, item, lambda: f"依法运营已满{years}年（要求3年以上，含3年）",
            lambda: f"依法运营仅满{years}年，不足3年", founded_on=f["founded_on"], full_years=years)

    j.attest("org.policies_and_qualifications", cite(v, art, "（三）"), "符合国家、省、市产业、质量、环保等政策并依法取得相应资质")

    item = cite(v, art, "（四）")
    iso = f.get("iso9001_since")
    iso_years = full_years(iso, on) if iso else None
    j.check("org.management_system_years", iso_years is not None and iso_years >= 3, item,
            lambda: f"管理体系认证有效运行已满{iso_years}年（要求3年以上）",
            lambda: "未取得ISO9001或其他国际通行管理体系认证" if iso is None
            else f"管理体系认证运行仅满{iso_years}年，不足3年", iso9001_since=iso)
    model = f.get("excellence_model_since")
    model_years = full_years(model, on) if model else None
    j.check("org.advanced_model_years", model_years is not None and model_years >= 1, item,
            lambda: f"推行卓越绩效等先进管理模式已满{model_years}年（要求1年以上）",
            lambda: "未推行卓越绩效等先进管理模式" if model is None
            else "推行卓越绩效等先进管理模式不足1年", excellence_model_since=model)
    j.attest("org.quality_results", item, "质量效益显著，社会贡献突出")

    item = cite(v, art, "（五）")
    if f.get("for_profit", True):
        j.attest("org.industry_leadership", item, "主要经济、技术、安全和质量指标居同行业领先地位")
        _profit(j, f, on, item)
    else:
        j.attest("org.social_contribution", item, "非营利性组织的社会贡献居同行业前列")

    _social_responsibility(j, f, on, cite(v, art, "（六）"))
    return j.findings


def _profit(j: Judge, f: Facts, on: dt.date, item: Any) -> None:
    years = (on.year - 2, on.year - 1)
    by_year = {row["year"]: row.get("profit_yuan") for row in f.get("financials") or ()}
    missing = [y for y in years if by_year.get(y) is None]
    losses = [y for y in years if by_year.get(y) is not None and by_year[y] <= 0]
    ok = not missing and not losses

    def failed() -> str:
        parts = []
        if missing:
            parts.append(f"缺少{'、'.join(map(str, missing))}年度利润数据，无法认定持续盈利")
        if losses:
            parts.append(f"{'、'.join(map(str, losses))}年度未盈利")
        return "；".join(parts)

    j.check("org.profitable_two_years", ok, item, f"{years[0]}、{years[1]}年度均盈利（近2年持续盈利）", failed,
            profits=tuple((y, by_year.get(y)) for y in years))


def _accident_rows(rows: list[Mapping[str, Any]]) -> tuple[tuple[str, str, dt.date], ...]:
    return tuple((a["category"], a["grade"], a["occurred_on"]) for a in rows)


def _dates(rows: list[Mapping[str, Any]]) -> tuple[tuple[str, dt.date], ...]:
    return tuple((r["kind"], r["decided_on"]) for r in rows)


def _fatal_safety(accident: Mapping[str, Any]) -> bool:
    return accident["category"] in SAFETY_CATEGORIES and (accident.get("fatalities") or 0) > 0


def responsibility_accidents(f: Facts, on: dt.date) -> tuple[list, list]:
    """第十条（六）, 第十一条（五）: the responsibility accidents of the last 3 years, as (accidents of any
    category graded 较大 or above, production-safety accidents with deaths); one may be in both."""
    accidents = [a for a in recent(f.get("accidents") or (), "occurred_on", on, RECORD_WINDOW_YEARS)
                 if a.get("responsibility_pursued", True)]
    larger = [a for a in accidents if GRADE_RANK[a["grade"]] >= GRADE_RANK["larger"]]
    fatal = [a for a in accidents if _fatal_safety(a)]
    return larger, fatal


def _safety_level(j: Judge, condition: str, level: Any, item: Any, whose: str) -> None:
    j.check(condition, level is not None and 1 <= level <= 3, item,
            lambda: f"{whose}取得安全生产标准化{level}级证书（要求三级及以上）",
            f"{whose}未取得三级及以上安全生产标准化证书", safety_standardisation_level=level)


def _social_responsibility(j: Judge, f: Facts, on: dt.date, item: Any) -> None:
    larger, fatal = responsibility_accidents(f, on)
    j.check("org.larger_accidents", not larger, item, "近3年无较大及以上责任事故（质量、环境污染、公共卫生、食品安全等各类）",
            lambda: f"近3年发生{len(larger)}起较大及以上责任事故",
            accidents=_accident_rows(larger))
    j.check("org.fatal_safety_accidents", not fatal, item, "近3年无生产安全亡人责任事故",
            lambda: f"近3年发生{len(fatal)}起生产安全亡人责任事故", accidents=_accident_rows(fatal))
    _safety_level(j, "org.safety_standardisation", f.get("safety_standardisation_level"), item, "")

    records = by_kind(recent(f.get("records") or (), "decided_on", on, RECORD_WINDOW_YEARS))
    checks = (
        ("org.major_quality_complaint", records.get("major_quality_complaint", []), "重大质量投诉"),
        ("org.spot_check_failure", records.get("spot_check_failure", []), "质量监督抽查不合格记录"),
        ("org.labour_dishonesty", [r for r in records.get("labour_social_security_violation", [])
                                   if r.get("severity") == "major"], "较大劳动保障失信记录"),
        ("org.tax_financial_dishonesty", [r for kind in ("tax_violation", "financial_dishonesty")
                                          for r in records.get(kind, []) if r.get("severity") == "major"],
         "重大纳税或金融失信记录"),
        ("org.other_violations", [r for kind in OTHER_VIOLATION_KINDS for r in records.get(kind, [])],
         "违法、违规、违纪行为记录"),
    )
    for condition, rows, label in checks:
        j.check(condition, not rows, item, f"近3年无{label}", lambda rows=rows, label=label: f"近3年有{len(rows)}条{label}",
                records=_dates(rows))
    j.attest("org.credit_and_reputation", item, "积极履行社会责任，信用记录和社会声誉良好")


def individual(version: str, f: Facts, on: dt.date) -> list[Finding]:
    v, art = version, "第十一条"
    j = Judge(f)
    j.attest("indiv.supports_party_line", cite(v, art, "（一）"), "拥护中央的路线、方针、政策")
    since = f.get("quality_work_since")
    years = full_years(since, on) if since else None
    j.check("indiv.quality_work_years", years is not None and years >= 5, cite(v, art, "（二）"),
            lambda: f"从事质量相关工作已满{years}年（要求5年以上，含5年）",
            lambda: "未提供从事质量工作的起始日期" if since is None else f"从事质量相关工作仅满{years}年，不足5年",
            quality_work_since=since)
    j.attest("indiv.advanced_model_contribution", cite(v, art, "（三）"),
             "为推行卓越绩效等先进管理模式作出突出贡献，所在组织效益良好")
    j.attest("indiv.recognition", cite(v, art, "（四）"), "社会认同度较高，质量工作业绩得到普遍认可")

    employer = f.get("employer") or {}
    larger, fatal = responsibility_accidents(employer, on)
    bad = larger + [a for a in fatal if a not in larger]
    j.check("employer.responsibility_accidents", not bad, cite(v, art, "（五）"),
            "所在组织近3年无较大及以上责任事故或生产安全亡人责任事故",
            lambda: f"所在组织近3年发生{len(bad)}起所列责任事故", accidents=_accident_rows(bad))

    item = cite(v, art, "（六）")
    conduct = [r for r in f.get("conduct_records") or () if r["kind"] in BARRING_CONDUCT]
    j.check("indiv.conduct_records", not conduct, item, "无纳税、金融失信记录或其他违法、违规、违纪行为",
            lambda: f"有{len(conduct)}条失信或违法、违规、违纪记录", records=_dates(conduct))
    j.attest("indiv.ethics_and_standing", item, "恪守职业道德和社会规范，社会知名度高")

    item = cite(v, art, "（七）")
    deaths = [a for a in recent(employer.get("accidents") or (), "occurred_on", on, RECORD_WINDOW_YEARS)
              if _fatal_safety(a)]
    j.check("employer.fatal_safety_accidents", not deaths, item, "所在组织近3年无生产安全亡人事故",
            lambda: f"所在组织近3年发生{len(deaths)}起生产安全亡人事故", accidents=_accident_rows(deaths))
    _safety_level(j, "employer.safety_standardisation", employer.get("safety_standardisation_level"), item,
                  "所在组织")
    return j.findings


def reapply_from(award: PastAward) -> dt.date:
    """第五条: the first day an award winner may apply again (award year not counted)."""
    return dt.date(award.cycle_year + REAPPLY_GAP_YEARS + 1, 1, 1)


def _revoked(award: PastAward, on: dt.date) -> bool:
    return award.revoked_on is not None and award.revoked_on <= on


def history_findings(version: str, history: Sequence[PastAward], sanctions: Sequence[PastSanction],
                     on: dt.date) -> list[Finding]:
    v = version
    out: list[Finding] = []
    item = cite(v, "第五条")
    standing = [a for a in history if not _revoked(a, on)]
    awards = [a for a in standing if a.tier == "award"]
    if awards:
        last = max(awards, key=lambda a: a.cycle_year)
        until = reapply_from(last)
        ok = on >= until
        rule = f"{last.cycle_year}年获市长质量奖，获奖当年不计，5年后即{until}起可重新申报"
        out.append(Finding("history.award_cooldown", Outcome.PASSED if ok else Outcome.FAILED, item,
                           ("已过限制期：" if ok else "尚在限制期：") + rule,
                           {"last_award_year": last.cycle_year, "eligible_from": until}))
    revoked = [a for a in history if a.tier == "award" and _revoked(a, on)]
    if revoked:
        out.append(Finding("history.revoked_award", Outcome.PASSED, item,
                           "市长质量奖已被取消，不再计入第五条的重新申报限制期（是否禁止申报以处理决定为准）",
                           {"revoked": tuple((a.cycle_year, a.revoked_on) for a in revoked)}))
    nominations = [a for a in standing if a.tier == "nomination"]
    if nominations:
        out.append(Finding("history.nomination_may_apply", Outcome.PASSED, item,
                           "曾获提名奖，可继续申报市长质量奖",
                           {"nomination_years": tuple(a.cycle_year for a in nominations)}))
    for index, sanction in enumerate(sanctions):
        until = sanction.ban_until
        if until is None and sanction.kind in sanction_rules.BAN_YEARS:
            until = sanction_rules.ban_end(sanction.decided_on, sanction_rules.BAN_YEARS[sanction.kind])
        if until is not None and until >= on:
            out.append(Finding("history.ban", Outcome.FAILED, _ban_citation(v, sanction, index),
                               f"因{sanction.kind}于{sanction.decided_on}受处理，至{until}（含）不予受理申报",
                               {"sanction": sanction.kind, "decided_on": sanction.decided_on, "ban_until": until}))
    return out


def _ban_citation(version: str, sanction: PastSanction, index: int) -> Citation:
    """The article that imposes the ban: Ji'an's banning violations by their kind, else the citation on record."""
    if sanction.kind in sanction_rules.BAN_YEARS:
        return sanction_rules.violation_citation(version, sanction.kind)
    if sanction.citation is not None:
        return sanction.citation
    raise InvalidInput.on(f"sanctions.{index}.citation",
                          f"a ban of kind {sanction.kind!r} is not one of Ji'an's ({', '.join(sanction_rules.BAN_YEARS)}): "
                          "give the article that imposed it")
