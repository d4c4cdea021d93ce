"""Nantong eligibility: organisation conditions, the negative list, individuals, and what an
earlier award or sanction forbids. Both versions; differences are spelled out where they occur.

Periods follow core.engine.periods (民法典 第二百零一条起): "N年以上" is ``full_years >= N`` (the
anniversary completes the year); "近N年" is the window from the corresponding day N years back to
the screening day, both included.

Organisations (2023 第十一条, 2020 第十条):

* Honours (（四）, 2020 （三）). 2023 lists five honours with no time limit, or the Luban / national
  quality project award twice within 3 years. 2020 gave each honour its own window (近5年 / 近3年)
  and accepted "全国行业质量奖或者相当等次奖项" within 3 years. Which other honour is "of equivalent
  rank" is the office's call: a national quality award, a China quality award or a government
  quality award won within 3 years is put to the office as a candidate equivalent (an attestation),
  never counted by the plugin on its own. [reading: equivalent_honour_2020]
* Environmental credit (（六）, 2020 （五）). 2023: an industrial company "保持" (keeps) a blue or
  better rating over the last 3 years: each of the three rated years before the application year
  (applying in 2024: 2021, 2022 and 2023) must be blue or better in ``environmental_credit_history``,
  and so must today's rating and any rating on record for the application year. A year rated
  below blue fails. A year missing from the history is not read as a bad rating: the condition
  waits for the office to confirm the missing years (an attestation naming them), because the
  ratings are public records the office can check, and failing a company for a gap in the data
  would tell it something false. [reading: environmental_credit_kept]
  2020 said "获得" (has obtained) a blue or better rating: today's rating is judged.
  [reading: environmental_credit_2020_current]
* One entry per group (2023 （七）, new): "有关联关系的母、子公司只可有一家申报" lets the group file
  one application, not none. The applicant passes when it is the group's entry (``group_entry``
  true) and fails when another company of the group is (false). When that is not stated, it passes
  if no other related company applies this cycle, and waits for the office to confirm otherwise.
  [reading: one_entry_per_group]

Negative list (2023 第十二条, 2020 第十一条), also applied to an individual's employer in 2023:

* 2023 （四）: an administrative penalty or dishonesty record of the last 3 years does not bar when the
  credit was repaired "至申报截止日期之前": judged at the cycle's application deadline (the
  ``deadline`` the caller gives), not at the screening day; a repair completed on the deadline day
  counts. [reading: credit_repair_deadline]
* 2020 （三）: construction companies are barred by a larger or worse safety accident or more than 2
  general ones; other organisations by a safety accident whose responsibility was pursued
  (被监管部门调查并追究责任); any organisation by a larger or worse health, environmental or other
  responsibility accident (责任事故: responsibility pursued), and by service-quality, social-security
  or tax violation records, all within 3 years. [reading: accidents_2020]

Individuals (2023 第十三条, 2020 第十二条):

* 2023 （五） "个人无严重违法、违规、违纪、失信记录": "严重" qualifies 违法、违规 and 违纪; a dishonesty
  record always counts; an ordinary (not serious) illegal, violation or discipline record does not
  bar. [reading: serious_record_2023]
* 2020 （四） "无其他违法或者严重违规不良记录": any illegal record, serious or not, bars, and so does a
  serious violation record; discipline and dishonesty records are not named. No look-back window is
  given, so a record of any age counts. [reading: illegal_record_2020]

Earlier awards (2023 第二十九条, 2020 第二十八条):

* The award cooldown counts from the day of the award (not its cycle year), by the legal
  convention: 2023 "5年内不接受其重新申报" ends on the fifth anniversary, so an award of 2019-05-01
  bars to 2024-05-01 and the winner may apply again from 2024-05-02; 2020 "满3年" is reached on the
  third anniversary. A past award recorded with its cycle year only is refused, naming
  ``history.awarded_on``. [reading: cooldown_counted_from_award_day]
* 2020 also asked a re-applicant to have assessed itself against the year's criteria (an
  attestation). Its parenthesis "（包含集团公司或者股份制公司下属子公司）" makes a winning subsidiary
  bound like any winner; the history holds the candidate's own awards, so a group's award binds a
  subsidiary only when the office enters it in the subsidiary's history. [reading: group_award_2020]
* Nominations: "第二次获得提名奖以后的3年内不得评选其为提名奖": the candidate may still apply (and
  win the award); only the nomination tier is excluded, for 3 years counted from the *second*
  nomination. A third or later nomination starts no new bar. [reading: nomination_bar_second_only]
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, Sequence

from core.sdk import (
    GRADE_RANK, ILLEGAL_CONDUCT, SAFETY_CATEGORIES, SERIOUS_CONDUCT, Finding, Judge, Outcome, PastAward, PastSanction,
    award_date, by_kind, first_day_after, full_years, period_last_day, recent, shift_years, within_years,
)
from plugins.nantong.articles import cite

Facts = Mapping[str, Any]

# 2023 第十一条（四）: the honours of which an organisation needs one.
HONOURS_ANY_TIME_2023 = {
    "county_government_quality_award": "县级政府质量奖",
    "provincial_quality_credit_aaa": "省质量信用等级AAA级",
    "national_quality_award": "全国质量奖",
    "national_industry_quality_award": "全国行业质量奖",
    "national_may_day_labour_award": "全国五一劳动奖状",
}
# 2020 第十条（三）: each honour counts only if won within its window (years).
HONOURS_WINDOWED_2020 = {
    "provincial_quality_credit_aaa": 5,
    "national_industry_quality_award": 3,
    "county_government_quality_award": 5,
    "national_may_day_labour_award": 5,
}
EQUIVALENT_WINDOW_2020 = 3  # "近3年获得全国行业质量奖或者相当等次奖项"
PROJECT_HONOURS = {"luban_award", "national_quality_project_award"}  # 鲁班奖, 国优工程奖: twice in 3 years
HONOUR_NAMES = {
    **HONOURS_ANY_TIME_2023, "china_quality_award": "中国质量奖", "city_government_quality_award": "市级政府质量奖",
    "provincial_government_quality_award": "省级政府质量奖", "luban_award": "鲁班奖",
    "national_quality_project_award": "国优工程奖",
}
GOOD_ENVIRONMENTAL_RATINGS = {"green", "blue"}  # 蓝色及以上
RATING_NAMES = {"green": "绿色", "blue": "蓝色", "yellow": "黄色", "red": "红色", "black": "黑色"}
ENVIRONMENTAL_YEARS = 3
BARRING_CONDUCT = {"2023": SERIOUS_CONDUCT, "2020": ILLEGAL_CONDUCT | {"serious_violation"}}


def organization(version: str, facts: Facts, on: dt.date, deadline: dt.date) -> list[Finding]:
    judge = Judge(facts)
    _organization_conditions(judge, version, facts, on)
    negative_list(judge, version, facts, on, deadline, prefix="neg", citation_topic="negative_list")
    return judge.findings


def _organization_conditions(j: Judge, v: str, f: Facts, on: dt.date) -> None:
    topic = "organization_conditions"
    if v == "2023":
        j.attest("org.supports_party_line", cite(v, topic, "（一）"), "拥护中央的路线、方针、政策")
    item = cite(v, topic, "（二）")
    j.check("org.registered_in_nantong", f["registration_city"] == "南通市", item,
            "在南通市行政区域内登记注册", lambda: f"登记地为{f['registration_city'] or '（未填）'}，不在南通市行政区域内",
            registration_city=f["registration_city"])
    j.check("org.independent_legal_person", f["independent_legal_person"], item,
            "具有独立法人资格", "不具有独立法人资格", independent_legal_person=f["independent_legal_person"])
    years = full_years(f["founded_on"], on)
    j.check("org.operating_years", years >= 5, item, lambda: f"依法经营已满{years}年（要求5年以上，含5年）",
            lambda: f"依法经营仅满{years}年，不足5年", founded_on=f["founded_on"], full_years=years)

    item = cite(v, topic, "（三）")
    since = f["excellence_model_since"]
    model_years = full_years(since, on) if since else None
    j.check("org.excellence_model_years", model_years is not None and model_years >= 2, item,
            lambda: f"推行卓越绩效评价准则已满{model_years}年（要求2年以上）",
            lambda: "未推行卓越绩效评价准则" if since is None else f"推行卓越绩效评价准则仅满{model_years}年，不足2年",
            excellence_model_since=since)
    j.check("org.chief_quality_officer", f["chief_quality_officer"], item, "已设立首席质量官岗位",
            "未设立首席质量官岗位", chief_quality_officer=f["chief_quality_officer"])
    j.attest("org.excellence_results_and_leadership", item,
             "卓越绩效取得显著成效，推广先进质量管理技术和方法，质量发展工作在行业中处于领先地位")

    _honours(j, v, f, on, cite(v, topic, "（四）"))

    j.attest("org.performance_and_innovation", cite(v, topic, "（五）"),
             "近3年经营业绩或社会贡献突出，主要经济指标居市内同行业先进水平"
             + ("，并在质量、标准、品牌及创新方面取得成效" if v == "2023" else ""))

    item = cite(v, topic, "（六）")
    j.attest("org.social_credit", item, "近3年质量、安全、资信、合同、能源计量等社会信用良好，“三废治理”达标")
    if not f["is_industrial"]:
        j.check("org.environmental_credit", True, item, "非工业企业，不适用环保信用等级要求", "",
                is_industrial=False)
    elif v == "2023":
        _environmental_credit_kept(j, f, on, item)
    else:
        rating = f["environmental_credit_rating"]
        j.check("org.environmental_credit", rating in GOOD_ENVIRONMENTAL_RATINGS, item,
                lambda: f"工业企业环保信用等级为{RATING_NAMES[rating]}（要求蓝色及以上）",
                lambda: f"工业企业环保信用等级为{RATING_NAMES.get(rating, '（无）')}，未达蓝色及以上",
                environmental_credit_rating=rating)
        level = f["safety_standardisation_level"]
        j.check("org.safety_standardisation", level is not None and level <= 2, item,
                lambda: f"安全生产标准化{level}级（要求二级及以上）",
                lambda: f"安全生产标准化等级为{level or '（无）'}，未达二级及以上", safety_standardisation_level=level)

    if v == "2023":
        _one_per_group(j, f, cite(v, topic, "（七）"))


def _environmental_credit_kept(j: Judge, f: Facts, on: dt.date, item: Any) -> None:
    """2023 第十一条（六）: blue or better kept in each of the last three rated years (see the module docstring)."""
    years = tuple(range(on.year - ENVIRONMENTAL_YEARS, on.year))
    ratings = {r["year"]: r["rating"] for r in f["environmental_credit_history"] if r["year"] <= on.year}
    current = f["environmental_credit_rating"]
    below = sorted((year, rating) for year, rating in ratings.items()
                   if year >= years[0] and rating not in GOOD_ENVIRONMENTAL_RATINGS)
    current_below = current is not None and current not in GOOD_ENVIRONMENTAL_RATINGS
    span = f"{years[0]}—{years[-1]}年"
    if below or current_below:
        shown = [f"{year}年为{RATING_NAMES[rating]}" for year, rating in below]
        if current_below:
            shown.append(f"当前为{RATING_NAMES[current]}")
        j.check("org.environmental_credit", False, item, "",
                f"工业企业近3年未保持蓝色及以上环保信用等级：{'、'.join(shown)}",
                environmental_credit_history=tuple(sorted(ratings.items())), environmental_credit_rating=current)
        return
    missing = [year for year in years if year not in ratings]
    if missing:
        j.attest("org.environmental_credit", item,
                 f"工业企业{span}环保信用等级均保持蓝色及以上（评级记录缺少{'、'.join(map(str, missing))}年度，请核实）")
        return
    j.check("org.environmental_credit", True, item, f"工业企业{span}环保信用等级均为蓝色及以上", "",
            environmental_credit_history=tuple(sorted(ratings.items())), environmental_credit_rating=current)


def _one_per_group(j: Judge, f: Facts, item: Any) -> None:
    """2023 第十一条（七）: one application per group of related parent and subsidiary companies."""
    others = f["related_applications_this_cycle"]
    entry = f.get("group_entry")
    if entry is None and others > 0:
        j.attest("org.one_per_group", item,
                 f"本申报周期内另有{others}家关联母、子公司申报，只可有一家申报：本单位是否为该集团唯一申报单位")
        return
    if entry is None:
        passed = "本申报周期内无关联母、子公司申报"
    else:
        passed = f"本单位为该集团本申报周期唯一申报单位（另有{others}家关联母、子公司申报）"
    j.check("org.one_per_group", entry is not False, item, passed,
            "该集团本申报周期的唯一申报单位是其他关联母、子公司，本单位不得申报",
            related_applications_this_cycle=others, group_entry=entry)


def _honours(j: Judge, v: str, f: Facts, on: dt.date, item: Any) -> None:
    honours = f["honours"]
    projects = [h for h in honours if h["kind"] in PROJECT_HONOURS and within_years(h["awarded_on"], on, 3)]
    if v == "2023":
        qualifying = [h for h in honours if h["kind"] in HONOURS_ANY_TIME_2023 and h["awarded_on"] <= on]
        missing = "未获得县级政府质量奖、省质量信用AAA级、全国（行业）质量奖、全国五一劳动奖状之一，近3年也未2次获鲁班奖或国优工程奖"
    else:
        qualifying = [h for h in honours if h["kind"] in HONOURS_WINDOWED_2020
                      and within_years(h["awarded_on"], on, HONOURS_WINDOWED_2020[h["kind"]])]
        missing = "在各自时限内未获得所列荣誉之一（省质量信用AAA级、县级政府质量奖、全国五一劳动奖状近5年；" \
                  "全国行业质量奖或相当等次奖项近3年），近3年也未2次获鲁班奖或国优工程奖"
        if not qualifying and len(projects) < 2:
            candidates = [h for h in honours if h["kind"] not in HONOURS_WINDOWED_2020
                          and h["kind"] not in PROJECT_HONOURS
                          and within_years(h["awarded_on"], on, EQUIVALENT_WINDOW_2020)]
            if candidates:
                named = "、".join(f"{HONOUR_NAMES.get(h['kind'], h['kind'])}（{h['awarded_on']}）" for h in candidates)
                j.attest("org.honour_equivalent", item, f"近3年获得的{named}是否属于与全国行业质量奖相当等次的奖项")
                return
    ok = bool(qualifying) or len(projects) >= 2
    j.check("org.honour", ok, item,
            lambda: f"符合荣誉条件：{HONOUR_NAMES[qualifying[0]['kind']] if qualifying else f'近3年鲁班奖/国优工程奖{len(projects)}次'}",
            missing,
            honours=tuple((h["kind"], h["awarded_on"]) for h in honours))


def negative_list(j: Judge, v: str, f: Facts, on: dt.date, deadline: dt.date, *, prefix: str, citation_topic: str,
                  item_for: Any = None) -> None:
    """2023 第十二条 (2020: 第十一条). Also applied to an individual's employer (with its own prefix and citation)."""
    def at(item: str) -> Any:
        return item_for(item) if item_for else cite(v, citation_topic, item)

    j.attest(f"{prefix}.policy_compliance", at("（一）"), POLICY[v])

    records = by_kind(recent(f.get("records") or (), "decided_on", on, 3))
    failures = records.get("spot_check_failure", [])
    j.check(f"{prefix}.spot_check_failure", not failures, at("（二）"), "近3年无产品质量抽查或验收不合格",
            lambda: f"近3年有{len(failures)}次产品质量抽查或验收不合格", records=_dates(failures, "decided_on"))

    accidents = recent(f.get("accidents") or (), "occurred_on", on, 3)
    if v == "2023":
        bad = [a for a in accidents if a["category"] in SAFETY_CATEGORIES
               or GRADE_RANK[a["grade"]] >= GRADE_RANK["larger"]]
        reason = "近3年发生生产安全一般及以上事故，或较大及以上质量、环境污染、食品安全等事故"
    else:
        bad = _accidents_2020(accidents, bool(f.get("is_construction")))
        reason = ("近3年建筑企业发生较大以上安全事故或超过2起生产安全一般事故，其他组织发生被追责的生产安全责任事故，"
                  "或发生较大及以上卫生、环境等责任事故")
    j.check(f"{prefix}.accidents", not bad, at("（三）"), "近3年无负面清单所列事故", lambda: f"{reason}（{len(bad)}起）",
            accidents=tuple((a["category"], a["grade"], a["occurred_on"]) for a in bad))
    if v == "2020":
        violations = [r for kind in VIOLATION_KINDS_2020 for r in records.get(kind, ())]
        j.check(f"{prefix}.violation_records", not violations, at("（三）"),
                "近3年无服务质量、人力资源和社会保障、税收等违法记录",
                lambda: f"近3年有{len(violations)}条服务质量、人社或税收违法记录",
                records=_dates(violations, "decided_on"))
    else:
        penalties = records.get("administrative_penalty", []) + records.get("dishonesty", [])
        unrepaired = [r for r in penalties if r.get("repaired_on") is None or r["repaired_on"] > deadline]
        j.check(f"{prefix}.penalty_or_dishonesty", not unrepaired, at("（四）"),
                lambda: f"近3年无行政处罚或失信记录，或已在申报截止日（{deadline}）前完成信用修复",
                lambda: f"近3年有{len(unrepaired)}条行政处罚或失信记录，且未在申报截止日（{deadline}）前完成信用修复",
                records=_dates(unrepaired, "decided_on"), repaired=len(penalties) - len(unrepaired),
                deadline=deadline)
    serious = records.get("serious_violation", [])
    j.check(f"{prefix}.serious_violation", not serious, at("（五）"), "近3年无被行政执法部门查处的其他严重违法行为",
            lambda: f"近3年有{len(serious)}条被查处的严重违法违规行为", records=_dates(serious, "decided_on"))


POLICY = {"2023": "符合国家产业、质量、环保、安全等政策", "2020": "符合国家产业、质量、环保等政策"}
VIOLATION_KINDS_2020 = ("service_quality_violation", "labour_social_security_violation", "tax_violation")


def _accidents_2020(accidents: list[Mapping[str, Any]], construction: bool) -> list[Mapping[str, Any]]:
    safety = [a for a in accidents if a["category"] in SAFETY_CATEGORIES]
    if construction:
        larger = [a for a in safety if GRADE_RANK[a["grade"]] >= GRADE_RANK["larger"]]
        general = [a for a in safety if a["grade"] == "general"]
        bad = larger + (general if len(general) > 2 else [])
    else:
        bad = [a for a in safety if a.get("responsibility_pursued", True)]
    others = [a for a in accidents if a["category"] not in SAFETY_CATEGORIES
              and GRADE_RANK[a["grade"]] >= GRADE_RANK["larger"] and a.get("responsibility_pursued", True)]
    return bad + others


def _dates(rows: list[Mapping[str, Any]], key: str) -> tuple[tuple[str, dt.date], ...]:
    # Tuples, not lists: the garbage collector does not track them, which keeps screening fast.
    return tuple((r["kind"], r[key]) for r in rows)


CONDUCT_NAMES = {"serious_illegal": "严重违法", "serious_violation": "严重违规", "serious_discipline": "严重违纪",
                 "dishonesty": "失信", "illegal": "违法"}


def individual(version: str, facts: Facts, on: dt.date, deadline: dt.date) -> list[Finding]:
    j = Judge(facts)
    v, topic = version, "individual_conditions"
    if v == "2023":
        j.attest("indiv.stance_and_conduct", cite(v, topic, "（一）"),
                 "政治立场坚定，恪守职业道德和社会规范，较好发挥示范作用")
    since = facts["quality_work_in_jurisdiction_since"]
    years = full_years(since, on) if since else None
    j.check("indiv.years_in_quality_work", years is not None and years >= 10, cite(v, topic, "（二）"),
            f"在本市从事质量相关工作已满{years}年（要求10年以上）",
            "未提供在本市从事质量工作的起始日期" if since is None else f"在本市从事质量相关工作仅满{years}年，不足10年",
            quality_work_in_jurisdiction_since=since)
    j.attest("indiv.innovation_contribution", cite(v, topic, "（三）"),
             "质量创新和改进意识较强，对提高组织或行业质量水平和绩效做出重要贡献")
    j.attest("indiv.quality_culture_contribution", cite(v, topic, "（四）"),
             "积极组织参与群众性质量管理活动，对组织质量文化做出重要贡献")
    item = cite(v, topic, "（五）")
    barring = [r for r in facts["conduct_records"] if r["kind"] in BARRING_CONDUCT[v]]
    kinds = "、".join(sorted({CONDUCT_NAMES[r["kind"]] for r in barring}))
    if v == "2023":
        j.check("indiv.no_serious_record", not barring, item, "个人无严重违法、违规、违纪、失信记录",
                lambda: f"个人有{len(barring)}条{kinds}记录", records=_dates(barring, "decided_on"))
        negative_list(j, v, facts.get("employer") or {}, on, deadline, prefix="employer",
                      citation_topic="negative_list", item_for=lambda _item: item)
    else:
        j.attest("indiv.standing", item, "具有较高的知名度和影响力，政治坚定，恪守职业道德和社会规范，具有榜样作用")
        j.check("indiv.no_illegal_record", not barring, item, "无违法或者严重违规不良记录",
                lambda: f"有{len(barring)}条{kinds}记录（任何违法记录或严重违规记录均不符合）",
                records=_dates(barring, "decided_on"))
        employer_accidents = [a for a in recent((facts.get("employer") or {}).get("accidents") or [],
                                                "occurred_on", on, 3)
                              if GRADE_RANK[a["grade"]] >= GRADE_RANK["major"]]
        j.check("employer.major_accidents", not employer_accidents, item,
                "所在单位近3年无重大质量、安全、环境污染、公共卫生等事故",
                f"所在单位近3年发生{len(employer_accidents)}起重大及以上事故",
                accidents=[(a["category"], a["grade"], a["occurred_on"]) for a in employer_accidents])
    return j.findings


def _order(award: PastAward) -> tuple[int, dt.date]:
    return award.cycle_year, award.awarded_on or dt.date.min


def history_findings(version: str, facts: Facts, history: Sequence[PastAward], sanctions: Sequence[PastSanction],
                     on: dt.date) -> list[Finding]:
    """2023 第二十九条 (2020: 第二十八条) cooldowns, and bans from earlier sanctions."""
    v = version
    j = Judge(facts)
    item = cite(v, "reapplication")
    awards = sorted((a for a in history if a.tier == "award" and a.revoked_on is None), key=_order)
    if awards:
        day = award_date(awards[-1], f"the re-application rule of nantong/{v} {item.article}")
        if v == "2023":
            free_from = first_day_after(day, years=5)
            ok = on >= free_from
            rule = (f"获得市长质量奖后5年内不接受重新申报（{day}获奖，限制期至{period_last_day(day, years=5)}，"
                    f"{free_from}起可申报）")
        else:
            free_from = shift_years(day, 3)
            ok = full_years(day, on) >= 3
            rule = f"获得市长质量奖满3年方可重新申报（{day}获奖，{free_from}满3年）"
            j.attest("history.self_assessment", item, "重新申报前已按当年评审标准进行自我评价")
        j.note(Finding("history.award_cooldown", Outcome.PASSED if ok else Outcome.FAILED, item,
                       ("已过限制期：" if ok else "") + rule, {"last_award": day, "eligible_from": free_from}))
    nominations = sorted((a for a in history if a.tier == "nomination" and a.revoked_on is None), key=_order)
    if len(nominations) >= 2:
        second = award_date(nominations[1], f"the nomination bar of nantong/{v} {item.article} (second nomination)")
        last_day = period_last_day(second, years=3)
        barred = on <= last_day
        j.note(Finding("history.nomination_limit", Outcome.PASSED, item,
                       f"已{len(nominations)}次获提名奖，第二次为{second}；至{last_day}不得评为提名奖，仍可申报市长质量奖"
                       if barred else f"已{len(nominations)}次获提名奖，第二次为{second}，提名奖限制期已于{last_day}届满",
                       {"second_nomination": second, "nomination_allowed_from": last_day + dt.timedelta(days=1)},
                       excludes_tier="nomination" if barred else None))
    for sanction in sanctions:
        if sanction.ban_until is not None and on <= sanction.ban_until:
            j.note(Finding("history.ban", Outcome.FAILED, sanction.citation or cite(v, "false_application"),
                           f"因{sanction.kind}于{sanction.decided_on}受处理，至{sanction.ban_until}（含当日）不得参加评审",
                           {"sanction": sanction.kind, "ban_until": sanction.ban_until}))
    return j.findings
