"""The judgement calls the Rugao 2021 text forced on this plugin, as data for the rule summary.

Each entry's code is tagged in the module docstring that explains it (articles, facts, eligibility,
quotas, rewards, sanctions, cycle); the conformance kit checks that tags and codes match.
"""
from __future__ import annotations

from core.sdk import Reading
from plugins.rugao.articles import cite

_R = tuple[str, str, str | None, str, str]  # code, topic, item, reading, alternative

_2021: tuple[_R, ...] = (
    ("unlabelled_article_two", "award_classes", None,
     "原文第一条之后未标条号的一段（奖项分组织、个人两类，设提名奖）视为第二条，其后按原文条号引用。",
     "视为第一条的第二款，引用为第一条。"),
    ("spot_checks_not_acceptance", "negative_list", "（二）",
     "第十三条（二）只列产（商）品质量抽查不合格；“抽查/验收不合格”记录须以 inspection 字段注明是抽查（spot_check）"
     "还是验收（acceptance），只有抽查不合格记录导致不得申报，未注明的记录不予接收。",
     "把验收不合格也视同抽查不合格（核心记录类型 spot_check_failure 同时涵盖两者）。"),
    ("registered_in_rugao_county", "organization_conditions", "（一）",
     "“在如皋市行政区域内登记注册”按县级登记地 registration_county 为“如皋市”判断（如皋企业在地级市一栏登记为南通市）。",
     "按实际经营地在如皋判断，或由办公室确认。"),
    ("project_honour_builders_only", "organization_conditions", "（三）",
     "近3年获鲁班奖或国家优质工程奖的要求只约束建筑企业，对其他组织不适用（记为通过）。",
     "按“同时具备”字面理解，所有组织均须具备该项（实际上将排除非建筑企业）。"),
    ("environmental_rating_industrial_only", "organization_conditions", "（五）",
     "蓝色及以上环保信用等级只约束工业企业；本项其余内容（信用信誉、“三废”治理）由办公室确认。",
     "所有组织均须提供环保信用等级。"),
    ("safety_accidents_by_kind_of_organisation", "negative_list", "（三）",
     "建筑企业：近3年较大及以上安全事故1起或一般生产安全事故超过2起（即3起及以上）不得申报；其他组织：近3年任何被调查并追究责任的生产安全责任事故均不得申报。",
     "对其他组织也只计较大及以上等级的事故。"),
    ("other_responsibility_accidents", "negative_list", "（三）",
     "卫生、环境、质量等其他类别的事故，对所有组织均以较大及以上等级且被追究责任为准。",
     "不论等级，凡被追究责任的其他类别事故均不得申报。"),
    ("violation_records_despite_repair", "negative_list", "（三）",
     "近3年的服务质量、税收违法记录一律导致不得申报，信用修复不影响（本条未规定修复）。",
     "信用修复完成后的记录不再计入。"),
    ("individual_barring_records", "individual_conditions", "（四）",
     "“无其他违法或者严重违规不良记录”：任何违法记录（无论是否严重：illegal、serious_illegal）以及严重违规记录"
     "（serious_violation）均导致不得申报；一般违规、违纪（第二十三条将违规与违纪分列）、失信记录和轻微不良记录不在本项之列。",
     "把严重违纪、失信记录也视为“严重违规”而不得申报。"),
    ("individual_records_any_age", "individual_conditions", "（四）",
     "本项未规定期限，任何时间的违法或严重违规记录均计入。",
     "参照第十三条只计近3年的记录。"),
    ("employer_major_accidents", "individual_conditions", "（五）",
     "所在组织近3年发生重大及以上等级（重大、特别重大）的任何类别事故，个人不得申报。",
     "把“重大”理解为一般意义上的严重事故，较大事故也计入。"),
    ("reapplication_from_award_date", "reapplication", None,
     "“获得市长质量奖满3年”自获奖之日起算满3个整年（第三个周年日当天即满，可申报）；需要获奖的确切日期，只有年度时拒绝计算。",
     "按评审年度计：获奖年度之后第3个年度起可重新申报。"),
    ("reapplication_award_winners_only", "reapplication", None,
     "满3年方可重新申报的限制只适用于获得市长质量奖的组织；提名奖获奖组织和获奖个人不受限制。",
     "参照适用于获奖个人（或提名奖获奖组织）。"),
    ("revoked_award_not_counted", "reapplication", None,
     "已被撤销的奖项（称号、奖金已收回）不计入重新申报间隔、首次获奖和再次获奖的判断。",
     "撤销的奖项仍视为曾经获奖。"),
    ("nomination_for_organisations_only", "quotas", None,
     "提名奖只授予组织（第二条“鼓励追求卓越的组织”，第五条未设个人名额）：提名奖不设个人名额，个人不能获得提名奖。",
     "个人也可获提名奖，名额由办公室确定。"),
    ("re_winner_outside_quota_award_tier_only", "reapplication", None,
     "“再次获奖的组织不占用当年的奖项名额”只适用于再次获得市长质量奖：曾获市长质量奖的组织本次只获提名奖的，占用提名奖名额（但不发奖金）。",
     "曾获市长质量奖的组织无论再次获得哪一档奖项，均不占用名额。"),
    ("re_winner_needs_free_place", "reapplication", None,
     "再次获奖的组织不占用名额，但只有在其排名位置仍有空余名额时（即按成绩本可获奖）才获奖；排在名额之外的，转入提名奖竞争。",
     "再次获奖的组织完全不受名额限制，无论排名均可获奖。"),
    ("first_time_per_tier", "reward", None,
     "“首次获得市长质量奖或者提名奖……分别给予20万元和10万元”按档次分别计算：曾获提名奖的组织首次获得市长质量奖，给予20万元。",
     "曾获任一档奖项即不属首次，不再发奖金。"),
    ("no_bonus_after_award_any_tier", "reapplication", None,
     "曾获市长质量奖（未撤销）的组织经重新申报再次获奖，无论获市长质量奖还是提名奖，均不颁发奖金（第二十四条）。",
     "本次只获提名奖的，属首次获得提名奖，按第二十一条给予10万元。"),
    ("re_winner_title_only", "reward", None,
     "第二十一条的通报表扬、奖牌、证书针对首次获奖组织；再次获奖组织（以及第二次获提名奖的组织）只授予称号。",
     "第二十四条只规定不颁发奖金，再次获奖组织仍颁发奖牌和证书。"),
    ("false_application_single_measure", "false_application", None,
     "“视情节轻重给予警告或撤销其申报资格”作为一项措施（warning_or_revoke_eligibility），由办公室按情节选择。",
     "分为警告、撤销申报资格两项，由系统按情节严重程度区分。"),
    ("false_application_claw_back_scope", "false_application", None,
     "“已获奖的”只限定收回奖牌和奖金；纳入信用管理、公开和3年内不得参评适用于依本条处理的所有组织。",
     "信用管理、公开和3年内不得参评只适用于已获奖的组织。"),
    ("false_application_winner_measures", "false_application", None,
     "已获奖组织收回本条列明的奖牌和奖金，本条未规定另行撤销称号或收回证书。",
     "撤销申报资格即视为撤销奖项，称号和证书一并撤销、收回（同第二十三条）。"),
    ("false_application_ban_from_decision", "false_application", None,
     "“3年内不得参加市长质量奖评审”自质量发展委员会作出处理决定的次日起算，至3年后的对应日（含）止，次日起可再参评。",
     "自公布之日起算，或按评审年度计3个年度。"),
    ("false_application_organisations_only", "false_application", None,
     "第二十九条只规定申报组织的责任：个人不适用本条的警告、撤销申报资格、信用管理、公开和3年内不得参评；个人材料不实的依第十六条不予受理，"
     "已获奖个人可依第二十三条作为违反奖项宗旨与原则的重大事项处理。",
     "参照本条对个人同样给予警告、撤销资格和3年内不得参评。"),
    ("post_award_serious_cases_only", "post_award", None,
     "第二十三条的违规代码只用于质量发展委员会认定“情节严重、影响恶劣”的情形；较轻的情形只需书面报告和调查核实，没有处理措施。",
     "凡发生本条情形即撤销称号。"),
    ("post_award_no_ban", "post_award", None,
     "第二十三条未规定禁止申报期限，撤销称号后不设禁止申报期。",
     "参照第二十九条，3年内不得参加评审。"),
    ("post_award_window_by_occurrence", "post_award", None,
     "获奖组织“获奖后3年内发生”第十三条情形，以情形发生之日为准，期间自获奖次日起至第三个周年日（含）止；需要获奖的确切日期；"
     "获奖个人的违法、严重违规违纪行为和其他重大事项不受期限限制。",
     "以确认或处理决定之日为准判断是否在3年内。"),
    ("one_public_notice", "candidate_notice", None,
     "第六条（五）委员会审定评审结果“向社会公示”与第二十条拟奖名单公示是同一次公示（第十一条程序中只有一个公示环节），不少于5个工作日，公示当日不计入。",
     "第六条（五）另有一次评审结果公示，时长由办公室确定。"),
    ("expert_source_preference", "expert_conditions", None,
     "第八条“应在……知名学者、行业质量专家和企业优秀管理者或首席质量官中优先推荐”是推荐专家时的优先来源，不是入库条件；"
     "入库条件为“须具备”的（一）至（四）项。",
     "把来源作为须由办公室确认的入库条件。"),
    ("gbt19580_sheets", "review_standard", None,
     "组织的材料评审、现场评审各按GB/T 19580的七个类目评分，分值按本办法施行时的现行版本GB/T 19580-2012：领导110、"
     "战略90、顾客与市场90、资源130、过程管理100、测量分析与改进80、结果400，合计1000分，与第十条总分一致；条文未指明版本。",
     "按质量发展委员会审定的专家组评审标准、实施细则（第六条（四））另定评分项和分值。"),
    ("individual_single_score", "individual_conditions", None,
     "个人的材料评审打一个总分（满分1000分），对照第十四条个人条件评分；GB/T 19580是组织的评价准则，条文未规定个人的评分项。",
     "按第十四条各项分设评分项，分值由办公室设定。"),
    ("individual_no_on_site", "stage_weights", None,
     "第十条个人只按材料评审计分（占100%），故个人没有现场评审评分表；第十七条“材料评审和现场审核”未区分组织和个人，"
     "读作现场评审只对组织进行。",
     "个人也接受现场审核，作为不计分的核查，或另设现场评分表。"),
)

_BY_VERSION = {"2021": _2021}


def readings(version_code: str) -> tuple[Reading, ...]:
    return tuple(Reading(code, cite(version_code, topic, item), reading, alternative)
                 for code, topic, item, reading, alternative in _BY_VERSION.get(version_code, ()))
