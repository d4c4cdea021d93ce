"""The judgement calls the Nantong text forces, as data (published in the rule summary).

Each reading is explained in prose in the module that applies it, beside the tag
``[reading: <code>]``; this module lists them with the article, the reading taken and the
alternative an office might prefer. The text is Chinese, for the office that reviews it.
"""
from __future__ import annotations

from typing import Callable

from core.sdk import Citation, Reading
from plugins.nantong.articles import cite

BOTH, V2020, V2023 = ("2020", "2023"), ("2020",), ("2023",)

# code -> (versions, citation for a version, reading, alternative)
_READINGS: tuple[tuple[str, tuple[str, ...], Callable[[str], Citation], str, str], ...] = (
    # where the rules sit
    ("quota_article_2020", V2020, lambda v: cite(v, "award_classes"),
     "2020年名额条款的条号：新稿第六条注释引用了原名额条款的文字但未注明条号；原第六条为质委会职责（新稿第七条注释），"
     "不能引用。原第一至三十五条中只有原第五条未被新稿任何条文对应，且新稿第六条位于原第四条、原第六条的对应条文之间，"
     "故推定为原第五条，并在引用中注明为推定。",
     "不推定条号，引用时注明“原条号不明，见2023年稿第六条注释”。"),
    ("cadence_article_2020", V2020, lambda v: cite(v, "cadence"),
     "新稿第六条“第一处划线部分为原《管理办法》第二条的内容”：划线已不可见，读作“分为市长质量奖和提名奖两个奖项，"
     "每年评定一次”整句，故2020年每年评定一次引用原第二条。",
     "原第二条只含奖项设置，“每年评定一次”与名额同在原第五条。"),
    ("items_2020_renumbered", V2020, lambda v: cite(v, "organization_conditions"),
     "新稿第十一条（一）、第十二条（四）、第十三条（一）标注为新增内容，读作整项新增，原条文中其后各项的项号依次前移一项"
     "（如新稿第十一条（二）即原第十条（一））。",
     "新增的只是项内部分文字，原项号与新稿相同。"),
    # quotas
    ("sme_in_principle", BOTH, lambda v: cite(v, "award_classes"),
     "“原则上应当包含1家中小企业”是供办公室权衡的优先条件：不预留名额、不自动替换，未满足时列出排名靠后的中小企业供决定。",
     "为排名最高的中小企业保留一个市长质量奖组织名额。"),
    ("individual_numbers_2020", V2020, lambda v: cite(v, "award_classes"),
     "2020年“获奖个人1个（提名奖1—2个）”未写“不超过”，也无可空缺的规定，读作人数的上下限（市长质量奖1名，提名奖1至2名）；"
     "不足时仅提示办公室，不会凭空产生获奖者。",
     "读作上限（不超过1名、不超过2名），不足无需提示。"),
    ("re_winner_place", BOTH, lambda v: cite(v, "reapplication"),
     "“经评审再次获奖的组织或者个人不占用当年的奖项名额”：再次获奖者须凭名次获奖（其排名处仍有名额），获奖后不占名额，"
     "下一名随之递进；排在名额用尽之后的再次获奖者不获奖。",
     "再次获奖者完全不受名额限制，名额已满也可获奖。"),
    ("shortlist_base", BOTH, lambda v: cite(v, "on_site_shortlist"),
     "现场评审名单按“拟获奖组织”计算比例，指两个奖项计划获奖组织数之和；个人不参加现场评审。",
     "仅按市长质量奖（不含提名奖）计划获奖组织数计算。"),
    # rewards
    ("first_time_per_tier", BOTH, lambda v: cite(v, "reward"),
     "“首次获得市长质量奖或者市长质量奖提名奖……分别给予50万元和10万元”：按奖项分别判断是否首次；曾获提名奖、"
     "现获市长质量奖的组织属首次获得市长质量奖，给予50万元。",
     "曾获任一奖项即不属首次，不再给予奖金。"),
    ("revoked_award_not_counted", BOTH, lambda v: cite(v, "reward"),
     "已被撤销的奖项（称号、奖金已收回）不计为曾经获奖：不算“再次获奖”，也不触发重新申报的限制。",
     "被撤销的奖项仍计为曾经获奖。"),
    ("re_winner_title_only", BOTH, lambda v: cite(v, "reapplication"),
     "再次获奖的组织只保留获奖称号：表彰、奖牌（及2020年的证书）只对首次获奖组织，再次获奖不发奖金。",
     "再次获奖的组织照常表彰、颁发奖牌，仅不发奖金。"),
    # sanctions
    ("false_application_scope", BOTH, lambda v: cite(v, "false_application"),
     "“已获奖的”只管收回奖牌、证书和奖金；纳入信用管理、向社会公布和禁评期适用于所有弄虚作假的组织和个人。",
     "纳入信用管理、公布和禁评期仅适用于已获奖者。"),
    ("warning_or_revoke_2020", V2020, lambda v: cite(v, "false_application"),
     "2020年“视情节轻重……给予警告或者撤销其申报资格”由市质委选择，系统列为一项措施由办公室决定；"
     "3年内不得参加评审在两种情形下均适用。",
     "仅撤销申报资格时才适用3年禁评期，给予警告的不禁评。"),
    ("post_award_serious_only", BOTH, lambda v: cite(v, "revocation"),
     "撤销称号、收回奖牌奖金等措施只适用于经调查核实、市质委会认定情节严重、影响恶劣的情形；各违规代码表示已作此认定，"
     "较轻情形只需30日内报告并调查。",
     "发生所列情形即撤销称号，不论情节。"),
    ("post_award_ban_new_2023", BOTH, lambda v: cite(v, "revocation"),
     "新稿第三十三条除改写的情形外还有一处“新增内容”，读作“5年内不接受其申报”：2023年有5年禁评期，2020年没有；"
     "“其他违反市长质量奖宗旨与原则的重大事项”读作2020年已有的文字。",
     "新增的是“其他重大事项”一句：2020年同样有5年禁评期，但没有“其他重大事项”情形。"),
    ("post_award_window_2020", V2020, lambda v: cite(v, "revocation"),
     "2020年“获奖组织在获奖后3年内发生本办法第十一条规定的情形”的3年期限只约束获奖组织的负面清单情形；"
     "获奖个人的违法、严重违规违纪行为和其他重大事项不受3年限制。期限自获奖次日起算，至第三个周年日止。",
     "3年期限适用于第二十七条的全部情形。"),
    # cycle
    ("internal_notice_new_2023", V2020, lambda v: cite(v, "application_step"),
     "新稿第十八条“第一处划线部分为新增内容”读作组织内部公示不少于5个工作日的要求，故2020年没有内部公示。",
     "2020年也有内部公示，新增的只是其他文字。"),
    ("candidate_notice_calendar_days", BOTH, lambda v: cite(v, "candidate_notice"),
     "候选（2020：建议）名单“公示时间不少于10天”按自然日计算，节假日照算，公布当日不计入。",
     "按工作日计算。"),
    ("annual_report_2020", V2020, lambda v: cite(v, "obligations"),
     "2020年“每年初”填报年报表，未限定年数；“次年3月底前报市质委办”一句未标为修改，读作2020年已有。",
     "2020年年报没有截止日期，或与2023年一样只报3年。"),
    # review: the expert pool and the scoring sheets
    ("expert_source_attested", BOTH, lambda v: cite(v, "expert_pool", None if v == "2020" else "（三）"),
     "专家库成员“在社会各界公认的……知名学者、行业质量专家、优秀企业家（2020年：企业优秀管理者）或者首席质量官中产生”"
     "读作入库条件，由办公室确认后方可入库。",
     "只是说明专家的推荐来源，不作为入库条件。"),
    ("expert_age_softened_2020", V2020, lambda v: cite(v, "expert_pool", "（三）"),
     "2020年“一般不超过65周岁”：超过65周岁的专家不被拒绝，只向办公室提示并附条文；“一般”只修饰年龄，"
     "高级以上职称仍是必备条件；“身体良好”由办公室确认。",
     "“一般”同时修饰年龄和职称，无高级职称也只作提示；或年龄作为硬性条件。"),
    ("senior_title_vice_senior_2020", V2020, lambda v: cite(v, "expert_pool", "（三）"),
     "2020年“高级以上职称”包括副高级和正高级职称。",
     "只认正高级职称。"),
    ("judge_or_winner_required_2020", V2020, lambda v: cite(v, "expert_pool", "（三）"),
     "2020年“为中国质量奖或者省级政府质量奖评委，或者为市长质量奖以上获奖个人和组织负责人”读作与职称并列的必备条件："
     "两种身份具备其一即可，由办公室确认；未确认的专家不得入库。2023年稿改为“优先选择”。",
     "与职称、年龄择一满足（获奖个人和获奖组织负责人不受职称、年龄要求限制）；或与2023年稿一样只是优先条件。"),
    ("expert_preference_2023", V2023, lambda v: cite(v, "expert_pool", "（三）"),
     "“优先选择中国质量奖、省级政府质量奖评委和市长质量奖以上获奖个人以及组织负责人”是选聘时的优先考虑，"
     "不是入库条件，系统不据此拒绝或提示。",
     "作为须由办公室确认的入库条件。"),
    ("gbt19580_sheets", BOTH, lambda v: cite(v, "review_standard"),
     "组织的资料评审、现场评审、演讲陈述各按GB/T 19580的七个类目评分，分值按现行GB/T 19580-2012：领导110、战略90、"
     "顾客与市场90、资源130、过程管理100、测量分析与改进80、结果400，合计1000分，与分值设定条款的总分一致；"
     "条文未指明准则版本。",
     "演讲陈述只打一个总分；或按市质委会审定的评审规则另定评分项和分值。"),
    ("individual_single_score", BOTH, lambda v: cite(v, "individual_conditions"),
     "个人的资料评审、演讲陈述各打一个总分（满分1000分），对照个人申报条件评分；GB/T 19580是组织的评价准则，"
     "条文未规定个人的评分项。",
     "按个人申报条件逐项设评分项，分值由办公室设定。"),
    # eligibility
    ("equivalent_honour_2020", V2020, lambda v: cite(v, "organization_conditions", "（四）"),
     "2020年“近3年获得全国行业质量奖或者相当等次奖项”：哪些奖项属相当等次由办公室认定。近3年获得的其他质量奖"
     "（全国质量奖、中国质量奖、政府质量奖等）列为待确认项，确认后方满足条件，系统不自行认定。",
     "由系统直接认定全国质量奖等为相当等次奖项。"),
    ("environmental_credit_kept", V2023, lambda v: cite(v, "organization_conditions", "（六）"),
     "“近3年……工业企业保持蓝色及以上环保信用等级”：申报年度前三个评级年度（2024年申报看2021—2023年）每年均须为蓝色及以上，"
     "当前等级和申报年度已有的评级也须达标；任一年度低于蓝色即不符合。评级记录缺少年度时不判不符合，由办公室核实所缺年度。",
     "只看当前等级；或评级记录不全即判不符合。"),
    ("environmental_credit_2020_current", V2020, lambda v: cite(v, "organization_conditions", "（六）"),
     "2020年“工业企业获得蓝色及以上环保信用等级”看当前的环保信用等级。",
     "近3年内任一年度获得蓝色及以上即可，或近3年每年均须达标。"),
    ("one_entry_per_group", V2023, lambda v: cite(v, "organization_conditions", "（七）"),
     "“有关联关系的母、子公司只可有一家申报”：集团可以有一家申报。本单位是集团确定的唯一申报单位的通过，"
     "集团确定的是其他公司的不符合；未说明的，本周期无其他关联公司申报即通过，否则由办公室确认。",
     "有关联公司同时申报时，按受理先后只受理第一家。"),
    ("credit_repair_deadline", V2023, lambda v: cite(v, "negative_list", "（四）"),
     "行政处罚、失信记录“至申报截止日期之前已完成信用修复的除外”：按本周期申报截止日判断，不按资格审查日；"
     "截止日当天完成修复的也算。",
     "须在截止日前一日或更早完成修复。"),
    ("accidents_2020", V2020, lambda v: cite(v, "negative_list", "（三）"),
     "2020年事故条款：建筑企业发生较大以上安全事故或超过2起（即3起以上）生产安全一般事故；其他组织发生被监管部门调查并追究责任的"
     "生产安全事故（不论等级）；任何组织发生被追责的较大及以上卫生、环境等责任事故，或有服务质量、人社、税收违法记录；均限近3年。",
     "其他组织的生产安全责任事故也限较大及以上等级。"),
    ("serious_record_2023", V2023, lambda v: cite(v, "individual_conditions", "（五）"),
     "“个人无严重违法、违规、违纪、失信记录”：“严重”修饰违法、违规、违纪；失信记录一律计入；一般违法、违规、违纪记录不构成障碍。",
     "“严重”只修饰违法，任何违规、违纪记录都不符合。"),
    ("illegal_record_2020", V2020, lambda v: cite(v, "individual_conditions", "（五）"),
     "2020年“无其他违法或者严重违规不良记录”：任何违法记录（不论是否严重）和严重违规记录均不符合；违纪、失信未列入；"
     "条文未限年限，任何时间的记录都计入。",
     "只计严重违法记录，或只计近3年的记录。"),
    ("cooldown_counted_from_award_day", BOTH, lambda v: cite(v, "reapplication"),
     "重新申报的限制自获奖之日起按民法典计算：2023年“5年内不接受其重新申报”至第五个周年日（含）止，次日起可申报；"
     "2020年“满3年”于第三个周年日届满。只记录评选年度、没有获奖日期的，要求补充获奖日期。",
     "按评选年度计算（如2019年度获奖者可参加2024或2025年度评选）。"),
    ("group_award_2020", V2020, lambda v: cite(v, "reapplication"),
     "2020年“获得市长质量奖满3年的组织（包含集团公司或者股份制公司下属子公司）”：获奖的下属子公司与其他获奖组织同样受3年限制；"
     "系统只看申报者本身的获奖记录，集团获奖是否约束子公司，须由办公室把集团的获奖记入子公司的获奖历史。",
     "集团获奖自动约束其全部下属子公司。"),
    ("nomination_bar_second_only", BOTH, lambda v: cite(v, "reapplication"),
     "“第二次获得提名奖以后的3年内不得评选其为提名奖”：3年自第二次获提名奖之日起算，期间仍可申报、可获市长质量奖；"
     "第三次及以后获提名奖不重新起算。",
     "每次再获提名奖后重新起算3年。"),
)


def readings(version_code: str) -> tuple[Reading, ...]:
    return tuple(Reading(code, citation(version_code), reading, alternative)
                 for code, versions, citation, reading, alternative in _READINGS if version_code in versions)
