"""Changde eligibility: 第八条 (organisations), 第九条 (individuals), 第十条 (same model within 6 years
of the award) and bans (第二十八条).

Readings (documented here, not in the regulation):

* 第八条（一）: "法人或其他组织": non-legal-person organisations and non-enterprises (research, design,
  education, medical, intermediary ...) may apply, so ``independent_legal_person`` and ``for_profit``
  are not conditions. "注册登记并经营": registered in 常德市 (``registration_city``) and operating on the
  evaluation date (``founded_on`` not after it). No minimum operating period is set.
* 第八条（二）: leadership in quality, innovation, brand and results, and 3-year indicators leading the
  city's industry: attested by the office.
* 第八条（三）: computable parts: the excellence model is applied (``excellence_model_since`` given and
  not after the evaluation date; no minimum duration is set) and a chief quality officer system exists
  (``chief_quality_officer``). Soundness, innovation, maturity and value for promotion are attested.
* 第八条（四） opens with "近5年", which governs both clauses: the window is the 5 years ending on the
  evaluation date, both ends included (an accident exactly 5 years back counts, one a day older does
  not). "较大及以上 ... 等事故": every accident category counts ("等" leaves the list open), grade
  ``larger`` or above; the text does not ask for responsibility to be pursued, so
  ``responsibility_pursued`` is not looked at. "相关违法、违规、违纪行为": records of kind
  ``serious_violation`` or ``administrative_penalty`` (any severity; an office records only the ones
  related to quality, safety or environment) decided in the window. Credit repair does not lift them
  (the text knows none). Other record kinds (dishonesty, spot checks, tax ...) are not named and do not
  bar.
* 第九条（三）: any conduct record other than ``minor`` fails; the item has no time window. Keeping to
  professional ethics and social norms is attested.
* 第十条: only winners of the 市长质量奖 (tier ``award``) are bound; nomination winners are not. The
  bar lasts 6 years from the award day: re-application with the same model is refused while the
  evaluation date is before the 6th anniversary of ``awarded_on`` and allowed from that day. The rule is
  judged from the facts ``quality_management_model`` and ``earlier_award_models`` (see
  ``plugins.changde.facts``): same model (trimmed, case-insensitive) -> failed; a different model ->
  passed; model unknown on either side -> the office confirms. An award-tier win in ``history`` within
  the 6 years that ``earlier_award_models`` does not describe (same tier and date) counts as a win with
  an unknown model. Revoked awards (``revoked_on`` in history, same date) do not count: their bars come
  from the sanction.
* Bans: a sanction with ``ban_until`` on or after the evaluation date fails, citing the sanction's own
  citation, or 第二十八条 when it has none.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, Sequence

from core.sdk import (
    GRADE_RANK, Finding, Judge, Outcome, PastAward, PastSanction, by_kind, recent, years_after,
)
from plugins.changde.articles import cite

Facts = Mapping[str, Any]
CITY = "常德市"
ACCIDENT_WINDOW_YEARS = 5
VIOLATION_RECORD_KINDS = ("serious_violation", "administrative_penalty")
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
    accidents = [a for a in recent(f.get("accidents") or (), "occurred_on", on, ACCIDENT_WINDOW_YEARS)
                 if GRADE_RANK[a["grade"]] >= GRADE_RANK["larger"]]
    j.check("org.larger_accidents", not accidents, item, "近5年无较大及以上质量、安全、环保等事故",
            lambda: f"近5年发生{len(accidents)}起较大及以上事故",
            accidents=tuple((a["category"], a["grade"], a["occurred_on"]) for a in accidents))
    records = by_kind(recent(f.get("records") or (), "decided_on", on, ACCIDENT_WINDOW_YEARS))
    bad = [r for kind in VIOLATION_RECORD_KINDS for r in records.get(kind, [])]
    j.check("org.violations", not bad, item, "近5年无相关违法、违规、违纪记录",
            lambda: f"近5年有{len(bad)}条违法、违规、违纪记录（严重违法违规或行政处罚）",
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


def reapply_from(awarded_on: dt.date) -> dt.date:
    """第十条: the first day a winner may apply again with the same model (6th anniversary)."""
    return years_after(awarded_on, SAME_MODEL_BAR_YEARS)


def same_model_findings(version: str, f: Facts, history: Sequence[PastAward], on: dt.date) -> list[Finding]:
    citation = cite(version, "第十条")
    revoked = {a.awarded_on for a in history if a.tier == "award" and a.revoked_on is not None}
    earlier = [m for m in f.get("earlier_award_models") or () if m["awarded_on"] <= on]
    awards = [m for m in earlier if m["tier"] == "award" and m["awarded_on"] not in revoked
              and on < reapply_from(m["awarded_on"])]
    described = {m["awarded_on"] for m in earlier if m["tier"] == "award"}
    unknown = sorted({a.awarded_on for a in history if a.tier == "award" and a.revoked_on is None
                      and a.awarded_on <= on < reapply_from(a.awarded_on) and a.awarded_on not in described})
    nominations = [m for m in earlier if m["tier"] == "nomination"] + [
        a for a in history if a.tier == "nomination" and a.revoked_on is None]
    if not awards and not unknown:
        if not nominations and not earlier:
            return []
        if any(m["tier"] == "award" for m in earlier):
            text = "所获市长质量奖已满6年或已撤销，不受同一模式不得重新申报的限制"
        else:
            text = "仅获市长质量奖提名奖，提名奖获奖者不受6年内同一模式不得重新申报的限制"
        return [Finding("history.same_model_reapply", Outcome.PASSED, citation, text,
                        {"earlier_award_models": tuple((m["tier"], m["awarded_on"], m["model"]) for m in earlier)})]
    current = _norm(f.get("quality_management_model"))
    same = [m for m in awards if current is not None and _norm(m["model"]) == current]
    used = {"quality_management_model": f.get("quality_management_model"),
            "awards_within_6_years": tuple((m["awarded_on"], m["model"]) for m in awards),
            "awards_with_unknown_model": tuple(unknown)}
    if same:
        last = max(same, key=lambda m: m["awarded_on"])
        until = reapply_from(last["awarded_on"])
        return [Finding("history.same_model_reapply", Outcome.FAILED, citation,
                        f"{last['awarded_on']}以“{last['model']}”获市长质量奖，获奖后6年内同一模式不得重新申报，"
                        f"{until}起方可", {**used, "eligible_from": until})]
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
        if sanction.ban_until is not None and sanction.ban_until >= on:
            out.append(Finding("history.ban", Outcome.FAILED, sanction.citation or cite(version, "第二十八条"),
                               f"因{sanction.kind}于{sanction.decided_on}受处理，{sanction.ban_until}前（含）不予受理申报",
                               {"sanction": sanction.kind, "ban_until": sanction.ban_until}))
    return out
