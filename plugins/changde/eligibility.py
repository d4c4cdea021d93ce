"""Changde eligibility: 第八条 (organisations), 第九条 (individuals), 第十条 (same model within 6 years
of the award) and bans (第二十八条).

Readings (documented here, not in the regulation; each is also data in ``plugins.changde.readings``):

* 第八条（一） [reading: registered_and_operating]: "法人或其他组织": non-legal-person organisations and
  non-enterprises (research, design, education, medical, intermediary ...) may apply, so
  ``independent_legal_person`` and ``for_profit`` are not conditions. "注册登记并经营": registered in
  常德市 (``registration_city``) and operating on the evaluation date (``founded_on`` not after it). No
  minimum operating period is set.
* 第八条（二） [reading: leadership_attested]: leadership in quality, innovation, brand and results, and
  3-year indicators leading the city's industry: attested by the office.
* 第八条（三） [reading: excellence_model_and_cqo]: computable parts: the excellence model is applied
  (``excellence_model_since`` given and not after the evaluation date; no minimum duration is set) and
  a chief quality officer system exists (``chief_quality_officer``). Soundness, innovation, maturity and
  value for promotion are attested.
* 第八条（四） [reading: five_year_window]: the item opens with "近5年", which governs both clauses: the
  window runs from the corresponding day 5 years before the evaluation date to that date, both
  included (``recent``; 民法典 第二百零一、二百零二条): on 2024-05-01 an accident of 2019-05-01 counts,
  one of 2019-04-30 does not.
* 第八条（四） [reading: accidents_open_list]: "较大及以上 ... 等事故": every accident category counts
  ("等" leaves the list open), grade ``larger`` or above; the text does not ask for responsibility to
  be pursued, so ``responsibility_pursued`` is not looked at.
* 第八条（四） [reading: related_violation_records]: "无相关违法、违规、违纪行为" names unlawful,
  irregular and undisciplined acts without limiting them to one field. "相关" is read through
  第十三条, which has the office consult the environment, human resources and social security, tax,
  market regulation and emergency management authorities before acceptance: their records are the
  related ones. So every record kind that is itself the finding of such an act bars when decided in the
  window, whatever its severity (``VIOLATION_RECORD_KINDS``): administrative penalties, serious
  violations, service-quality violations, labour and social-security violations, tax violations and
  fraud in a quality award. Credit repair does not lift them (the text knows none). A dishonesty
  listing, a failed spot check or a quality complaint is not in itself such a finding and does not bar
  automatically (the penalty behind it, when there is one, is recorded as its own kind).
* 第九条（三） [reading: individual_conduct_no_window]: any conduct record other than ``minor`` fails; the
  item has no time window. Keeping to professional ethics and social norms is attested.
* 第十条 [reading: same_model_six_years]: only winners of the 市长质量奖 (tier ``award``) are bound; the
  text excludes nomination winners. "获奖后6年内": the award day is not counted, the bar's last day is
  the corresponding day 6 years later (``period_last_day``) and the winner may apply again with the
  same model from the next day (``first_day_after``). The count needs the award's exact date: an
  award-tier win in ``history`` with only its cycle year is refused (``award_date``, naming
  ``history.awarded_on``).
* 第十条 [reading: same_model_comparison]: judged from the facts ``quality_management_model`` and
  ``earlier_award_models`` (see ``plugins.changde.facts``): same model (trimmed, case-insensitive) ->
  failed; a different model -> passed; model unknown on either side -> the office confirms. An
  award-tier win in ``history`` within the 6 years that ``earlier_award_models`` does not describe (same
  tier and date) counts as a win with an unknown model.
* 第十条 [reading: revoked_award_still_binds]: a revoked award (``revoked_on``) still binds for the 6
  years after the day it was won. 第十条 counts from the award ("获奖后"), and neither 第二十八条 nor
  第三十条 says that cancelling an award frees its model: they add measures to a winner's burden. A
  fraudulent win is in any case under the longer 10-year ban of 第二十八条; a 第三十条 revocation sets no
  ban, so without this reading a winner stripped of the award could come back at once with the model a
  clean winner must rest for 6 years.
* Bans [reading: ban_on_record]: a sanction whose ban ends on or after the evaluation date fails (the
  last day still bars), citing the sanction's own citation, or 第二十八条 when it has none. A Changde
  sanction on record without ``ban_until`` (kinds ``false_application`` and ``fraudulent_win``) has its
  ban counted again from ``decided_on`` as ``plugins.changde.sanctions`` does.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, Sequence

from core.sdk import (
    GRADE_RANK, Finding, Judge, Outcome, PastAward, PastSanction, award_date, by_kind, first_day_after,
    period_last_day, recent,
)
from plugins.changde import sanctions as sanction_rules
from plugins.changde.articles import cite

Facts = Mapping[str, Any]
CITY = "常德市"
WINDOW_YEARS = 5
VIOLATION_RECORD_KINDS = ("administrative_penalty", "serious_violation", "service_quality_violation",
                          "labour_social_security_violation", "tax_violation", "award_fraud")
RECORD_NAMES = {
    "administrative_penalty": "行政处罚", "serious_violation": "严重违法违规", "service_quality_violation": "服务质量违法",
    "labour_social_security_violation": "劳动保障违法", "tax_violation": "税收违法", "award_fraud": "质量奖评定弄虚作假",
}
SAME_MODEL_BAR_YEARS = 6


def organization(version: str, f: Facts, on: dt.date) -> list[Finding]:
    v, art = version, "第八条"
    j = Judge(f)

    item = cite(v, art, "（一）")
    city = f["registration_city"]
    j.check("org.registered_in_changde", city == CITY, item, "在常德市注册登记",
            lambda: f"登记地为{city or '（未填）'}，不在常德市", registration_city=city)
    founded = f["founded_on"]
    j.check("org.operating", founded <= on, item, lambda: f"自{founded}起依法经营（法人或其他组织均可申报）",
            lambda: f"开始经营日期{founded}晚于评价日，尚未经营", founded_on=founded,
            independent_legal_person=f["independent_legal_person"])

    item = cite(v, art, "（二）")
    j.attest("org.quality_innovation_brand_leadership", item, "质量、创新、品牌和效益成绩突出，达到市内领先水平")
    j.attest("org.three_year_indicators", item, "近3年主要经济、技术和质量指标居市内同行业领先地位")

    item = cite(v, art, "（三）")
    model = f.get("excellence_model_since")
    j.check("org.excellence_model", model is not None and model <= on, item,
            lambda: f"自{model}起推行卓越绩效管理模式",
            "未推行卓越绩效管理模式" if model is None else f"卓越绩效管理模式{model}才开始推行，晚于评价日",
            excellence_model_since=model)
    cqo = bool(f.get("chief_quality_officer"))
    j.check("org.chief_quality_officer", cqo, item, "已实施首席质量官制度", "未实施首席质量官制度",
            chief_quality_officer=cqo)
    j.attest("org.quality_system_maturity", item, "质量管理体系健全，制度、模式、方法有创新，成熟度高并具推广价值")

    item = cite(v, art, "（四）")
    accidents = [a for a in recent(f.get("accidents") or (), "occurred_on", on, WINDOW_YEARS)
                 if GRADE_RANK[a["grade"]] >= GRADE_RANK["larger"]]
    j.check("org.larger_accidents", not accidents, item, "近5年无较大及以上质量、安全、环保等事故",
            lambda: f"近5年发生{len(accidents)}起较大及以上事故",
            accidents=tuple((a["category"], a["grade"], a["occurred_on"]) for a in accidents))
    records = by_kind(recent(f.get("records") or (), "decided_on", on, WINDOW_YEARS))
    bad = [r for kind in VIOLATION_RECORD_KINDS for r in records.get(kind, [])]
    j.check("org.violations", not bad, item, "近5年无相关违法、违规、违纪记录",
            lambda: "近5年有相关违法、违规、违纪记录：" + "、".join(
                f"{RECORD_NAMES[r['kind']]}（{r['decided_on']}）" for r in bad),
            records=tuple((r["kind"], r["decided_on"]) for r in bad))
    return j.findings


def individual(version: str, f: Facts, on: dt.date) -> list[Finding]:
    v, art = version, "第九条"
    j = Judge(f)
    j.attest("indiv.supports_party_line", cite(v, art, "（一）"), "拥护中央的路线、方针、政策")
    j.attest("indiv.contribution", cite(v, art, "（二）"), "对质量管理制度、模式、方法创新和质量发展事业有突出贡献")
    item = cite(v, art, "（三）")
    conduct = [r for r in f.get("conduct_records") or () if r["kind"] != "minor"]
    j.check("indiv.conduct_records", not conduct, item, "无违法、违规、违纪记录",
            lambda: f"有{len(conduct)}条违法、违规、违纪记录",
            records=tuple((r["kind"], r["decided_on"]) for r in conduct))
    j.attest("indiv.ethics", item, "恪守职业道德和社会规范")
    return j.findings


def _norm(model: str | None) -> str | None:
    text = " ".join((model or "").split()).casefold()
    return text or None


def bar_last_day(awarded_on: dt.date) -> dt.date:
    """第十条: the last day on which the same model may not be entered again (6 years after the award)."""
    return period_last_day(awarded_on, years=SAME_MODEL_BAR_YEARS)


def reapply_from(awarded_on: dt.date) -> dt.date:
    """第十条: the first day a winner may apply again with the same model."""
    return first_day_after(awarded_on, years=SAME_MODEL_BAR_YEARS)


def _binds(awarded_on: dt.date, on: dt.date) -> bool:
    return awarded_on <= on <= bar_last_day(awarded_on)


def same_model_findings(version: str, f: Facts, history: Sequence[PastAward], on: dt.date) -> list[Finding]:
    citation = cite(version, "第十条")
    won = [(day, a) for a in history if a.tier == "award"
           if (day := award_date(a, f"{citation} counts the 6 years from the day the 市长质量奖 was won")) <= on]
    revoked = {day: a.revoked_on for day, a in won if a.revoked_on is not None}
    earlier = [m for m in f.get("earlier_award_models") or () if m["awarded_on"] <= on]
    awards = [m for m in earlier if m["tier"] == "award" and _binds(m["awarded_on"], on)]
    described = {m["awarded_on"] for m in earlier if m["tier"] == "award"}
    unknown = sorted({day for day, _ in won if _binds(day, on) and day not in described})
    nominations = [m for m in earlier if m["tier"] == "nomination"] + [a for a in history if a.tier == "nomination"]
    if not awards and not unknown:
        if not nominations and not earlier and not won:
            return []
        if won or any(m["tier"] == "award" for m in earlier):
            text = "所获市长质量奖的获奖后6年已届满，不受同一模式不得重新申报的限制"
        else:
            text = "仅获市长质量奖提名奖，提名奖获奖者不受6年内同一模式不得重新申报的限制"
        return [Finding("history.same_model_reapply", Outcome.PASSED, citation, text,
                        {"earlier_award_models": tuple((m["tier"], m["awarded_on"], m["model"]) for m in earlier)})]
    current = _norm(f.get("quality_management_model"))
    same = [m for m in awards if current is not None and _norm(m["model"]) == current]
    used = {"quality_management_model": f.get("quality_management_model"),
            "awards_within_6_years": tuple((m["awarded_on"], m["model"]) for m in awards),
            "awards_with_unknown_model": tuple(unknown),
            "revoked": tuple(sorted(revoked.items()))}
    if same:
        last = max(same, key=lambda m: m["awarded_on"])
        day = last["awarded_on"]
        note = f"（该奖已于{revoked[day]}撤销，撤销不解除本条限制）" if day in revoked else ""
        return [Finding("history.same_model_reapply", Outcome.FAILED, citation,
                        f"{day}以“{last['model']}”获市长质量奖{note}，获奖后6年内（至{bar_last_day(day)}）"
                        f"同一模式不得重新申报，{reapply_from(day)}起方可",
                        {**used, "eligible_from": reapply_from(day)})]
    if current is None or unknown:
        j = Judge(f)
        dates = "、".join(str(d) for d in sorted({m["awarded_on"] for m in awards} | set(unknown)))
        j.attest("history.same_model_reapply", citation,
                 f"本次申报的质量管理模式、制度、方法与{dates}获市长质量奖时所用的不同")
        return j.findings
    return [Finding("history.same_model_reapply", Outcome.PASSED, citation,
                    f"6年内曾获市长质量奖，但本次以不同的质量管理模式“{f.get('quality_management_model')}”申报，不受限制",
                    used)]


def ban_findings(version: str, sanctions: Sequence[PastSanction], on: dt.date) -> list[Finding]:
    out = []
    for sanction in sanctions:
        until = sanction.ban_until
        if until is None:
            until = sanction_rules.ban_last_day(sanction.kind, sanction.decided_on)
        if until is not None and until >= on:
            out.append(Finding("history.ban", Outcome.FAILED, sanction.citation or cite(version, "第二十八条"),
                               f"因{sanction_rules.NAMES.get(sanction.kind, sanction.kind)}于{sanction.decided_on}受处理，"
                               f"{until}前（含）不予受理申报",
                               {"sanction": sanction.kind, "ban_until": until}))
    return out
