"""The judgement calls the Yuncheng text forces on this plugin, as data (``mqa_readings``).

Each reading is explained in prose in the module that applies it, tagged there with its code; the
text here is what an office reviews in the rule summary (in Chinese): the article, the reading taken
and the alternative.
"""
from __future__ import annotations

from core.sdk import Reading
from plugins.yuncheng.articles import cite

_READINGS = (  # code, article, item, reading, alternative
    ("validity_five_years", "第三十五条", None,
     "有效期5年自施行日2023年6月9日起算，施行日为有效期第一日，至2028年6月8日止（含）。",
     "按民法典第二百零一条不计施行当日，有效期至2028年6月9日。"),
    ("registered_in_yuncheng", "第十一条", "（一）",
     "“在运城市行政区域内依法设立”以登记所在市为运城市（registration_city == 运城市）判断。",
     "按县（市、区）逐一列明运城市辖区并以登记机关所在县区判断。"),
    ("operating_years_from_founding", "第十一条", "（一）",
     "“正常开展活动3年以上”自成立（登记）之日起算，满3周年之日即满足。",
     "自实际开始生产经营之日起算，或扣除停业期间。"),
    ("violations_without_window", "第十一条", "（一）",
     "“无违法、违规、违纪行为”不设时间范围：任何时候作出的违法、违规、违纪记录均不符合。",
     "参照第十一条（六）只看近3年内的记录。"),
    ("violation_record_kinds", "第十一条", "（一）",
     "计为违法、违规、违纪的记录：行政处罚、严重违法、服务质量违法、劳动社保违法、税务违法、评奖弄虚作假；"
     "质量投诉、抽检不合格、失信名单本身不计入，由办公室判断。",
     "把抽检不合格、失信名单等也一律计为违规。"),
    ("excellence_model_dated", "第十一条", "（二）",
     "“建立并实施卓越绩效模式”要求在评价日或之前已开始实施（excellence_model_since），不要求实施年限。",
     "要求实施满一定年限（如1年）方可申报。"),
    ("previous_year_of_deadline", "第十一条", "（四）",
     "“上年度”为本届申报截止日所在年份的上一自然年度；未给截止日时以评价日所在年份为准。",
     "以资格审查（评价）日所在年份的上一年度为准，跨年审查时要求更晚年度的排名。"),
    ("major_accident_scope", "第十一条", "（六）",
     "“重大事故”指重大及特别重大等级；“质量、安全、环保等”为开放列举，所有事故类别均计入；不以负有责任为前提。",
     "只计质量、安全、环保三类事故，或只计负有责任的事故，或把较大事故也计入。"),
    ("individual_conduct_records", "第十二条", "（一）",
     "个人除轻微（minor）记录外的任何违法、违规、违纪或失信记录均不符合，不设时间范围。",
     "只看近若干年的记录，或只计违法记录。"),
    ("reapply_after_two_cycles", "第十三条", None,
     "按评选周期而非民法典期间计算：周期以评选年Y命名、涵盖Y至Y+4年；Y届获奖者在其后两届（Y+5至Y+14年）"
     "不得申报，Y+15年1月1日起可再申报。",
     "自获奖之日起按民法典计10年；或按实际举办的届次计算。"),
    ("cycle_year_as_given", "第十三条", None,
     "使用所给的获奖评选年（cycle_year），不以获奖（公布）日期推算；评选年缺失，或与获奖日期不符"
     "（获奖日期须在该届的Y至Y+4年内），拒绝并指明history.cycle_year。",
     "评选年缺失时以获奖日期所在年份代替。"),
    ("revoked_award_not_counted", "第十三条", None,
     "已被撤销的奖项不再适用第十三条的两届限制，改按第三十条的禁止申报期。",
     "被撤销的奖项仍同时适用第十三条。"),
    ("government_honour_preference", "第十一条", "（七）",
     "获国家或省级政府部门质量荣誉“优先评选”不是申报条件，而是名额分配中的偏好：各奖项组织名额中至少1名带"
     "government_honour标记的获奖者为满足；不满足时列出被名额挤出的获荣誉者，由办公室决定，系统不调整排名。",
     "在评审得分上加分，或在同分时优先，或自动把获荣誉者排在前面。"),
    ("plaque_or_medal_as_named", "第二十二条", None,
     "按原文颁发证书和“奖牌或奖章”（certificate、plaque_or_medal），组织和个人相同，具体颁发哪一种由办公室决定。",
     "组织颁发奖牌、个人颁发奖章。"),
    ("bonus_amount_per_tier", "第二十二条", None,
     "原文未定奖金金额：质量奖和提名奖的组织奖金各设一个办公室参数，无默认值，未设置前拒绝计算。",
     "两个奖项使用同一金额参数。"),
    ("re_winner_rewarded_as_usual", "第二十二条", None,
     "原文没有再次获奖的奖励规则，再次获奖者照常奖励。",
     "再次获奖者只授荣誉不发奖金。"),
    ("ban_three_cycles_from_revocation_year", "第三十条", None,
     "“自撤销奖项当年起3个评选周期”按自然年计：撤销决定在R年作出，禁止申报至R+14年12月31日（含），"
     "R+15年1月1日起可申报；不按民法典自决定次日起算。",
     "自撤销决定次日起按民法典计15年；或按实际举办的三届计算。"),
    ("no_window_for_revocation_facts", "第三十条", None,
     "第三十条对违规事实发生的时间不设范围，不使用occurred_on。",
     "只处理获奖后发生的事实，或获奖后若干年内发生的事实。"),
    ("seven_categories", "第三条", None,
     "原文称“六大项”但列出七项类目，按GB/T 19580-2004的七项类目和分值（合计1000分）实施。",
     "按“六大项”合并其中两项。"),
    ("talent_bonus_after_weighting", "第三条", "第二款",
     "人才引进加分在各评审环节加权合计之后加到总分上，总分可因此超过1000分。",
     "把加分计入某一评审环节（如材料评审）的得分，且总分不超过1000分。"),
    ("senior_talent_counted_once", "第三条", "第二款",
     "引进1名高端人才（正高级）加20分，不再同时按一般人才加5分。",
     "高端人才同时计一般人才，共加25分。"),
    ("talent_bonus_both_kinds", "第三条", "第二款",
     "原文未限定加分对象，组织和个人的评审均适用人才引进加分。",
     "只对组织适用。"),
    ("extra_review_stages", "第十八条", None,
     "评审环节“包括但不限于”材料评审、现场评审、陈述答辩：三者必须设权重，办公室可另设其他评审环节及权重，合计100%。",
     "只允许这三个评审环节。"),
    ("review_stages_as_named", "第十八条", None,
     "原文未规定评审环节的顺序，按列举顺序（材料评审、现场评审、陈述答辩）排列；办公室另设的评审环节不列入评选流程阶段。",
     "由办公室在评选方案中确定顺序。"),
    ("candidate_notice_in_each_place", "第十九条", None,
     "候选名单分别在本地区、本行业、本领域内公示，作为一项候选名单公示（candidate），每处不少于5个工作日。",
     "作为县区或部门公示（county）分别处理。"),
    ("quality_field_experts", "第十八条", None,
     "办法没有专家库条款；第十八条评审组“由质量领域专家组成”读作评审专家须具备的条件，由办公室确认；"
     "未规定从业年限、年龄或职称，不另设条件。",
     "只是对评审组构成的描述，不列为专家条件。"),
    ("third_party_panel", "第十八条", None,
     "第十八条允许领导小组办公室或受委托的第三方机构组建评审组，材料评审、现场评审、陈述答辩的评审组均可由受托机构组建；"
     "委托的依据是第十条（可委托有资质的独立第三方机构承担评选具体工作），评审组由受托机构组建时不从办公室专家库抽取。",
     "以第十条为受托机构组建评审组的依据；或第十条的委托只限事务性工作，评审组仍由办公室组建。"),
    ("standard_edition_2004", "第三条", None,
     "第三条指明GB/T 19580-2004，并使用该版“经营结果”的类目名称，组织评分表按2004版的类目和分值：领导100、战略80、"
     "顾客与市场90、资源120、过程管理110、测量分析与改进100、经营结果400，合计1000分；材料评审、现场评审、陈述答辩均用此表。",
     "按现行GB/T 19580-2012的分值（领导110、战略90、顾客与市场90、资源130、过程管理100、测量分析与改进80、结果400）。"),
    ("individual_single_score", "第十二条", None,
     "个人的各评审环节各打一个总分（满分1000分），对照第十二条个人条件评分；GB/T 19580是组织的评价准则，条文未规定个人的评分项。",
     "按第十二条各项分设评分项，分值由办公室设定。"),
)


def readings(version_code: str) -> tuple[Reading, ...]:
    return tuple(Reading(code, cite(version_code, article, item), reading, alternative)
                 for code, article, item, reading, alternative in _READINGS)
