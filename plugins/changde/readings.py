"""The judgement calls the Changde draft forces on this plugin, as data (hook ``mqa_readings``).

Each reading is explained in prose in the module docstring of the code that applies it, tagged with
its code; the two must stay in step (``tests/test_readings.py``). The texts are in Chinese, for the
office that reviews them.
"""
from __future__ import annotations

from core.sdk import Reading
from plugins.changde.articles import cite


def readings(version_code: str) -> tuple[Reading, ...]:
    """Every reading of ``version_code`` (Changde has one version, ``draft``)."""
    v = version_code
    return (
        Reading("registered_and_operating", cite(v, "第八条", "（一）"),
                "“法人或其他组织”：非法人组织、非营利组织（研究、设计、教育、医疗、中介等）均可申报，不以独立法人或营利为条件；"
                "“注册登记并经营”理解为在常德市登记且评价日已开始经营，不设最短经营年限。",
                "要求经营满一定年限（如与第八条（二）“近3年”指标相应的3年），或只接受法人。"),
        Reading("leadership_attested", cite(v, "第八条", "（二）"),
                "质量、创新、品牌和效益成绩突出、近3年主要指标居市内同行业领先，由评委会办公室确认，不自动计算。",
                "按申报材料中的行业排名等数据自动判断。"),
        Reading("excellence_model_and_cqo", cite(v, "第八条", "（三）"),
                "评价日前已推行卓越绩效管理模式（不设最短推行年限）且已实施首席质量官制度，即满足可计算的部分；"
                "体系健全、创新、成熟度高、具推广价值由办公室确认。",
                "要求卓越绩效管理模式推行满一定年限。"),
        Reading("five_year_window", cite(v, "第八条", "（四）"),
                "“近5年”同时管事故和违法违规违纪两句；窗口自评价日往前5年的对应日起至评价日止，两端都含"
                "（民法典第二百零一、二百零二条）。",
                "违法、违规、违纪一句不受5年限制，任何时候的记录都阻止申报。"),
        Reading("accidents_open_list", cite(v, "第八条", "（四）"),
                "“质量、安全、环保等事故”是开放列举：各类事故凡较大及以上均计入，不要求已被追究责任。",
                "只计质量、安全、环保三类事故，或只计已追究责任的事故。"),
        Reading("related_violation_records", cite(v, "第八条", "（四）"),
                "“相关违法、违规、违纪行为”结合第十三条征求意见的生态环境、人力资源和社会保障、税务、市场监管、应急管理等部门理解："
                "窗口内的行政处罚、严重违法违规、服务质量违法、劳动保障违法、税收违法、质量奖评定弄虚作假记录，不论轻重均阻止申报，"
                "信用修复不解除；失信名单、抽查不合格、质量投诉本身不是对违法违规违纪行为的认定，不自动阻止。",
                "失信记录（含金融失信）也阻止申报；或只计与质量、安全、环保有关的记录。"),
        Reading("individual_conduct_no_window", cite(v, "第九条", "（三）"),
                "个人的违法、违规、违纪记录（minor 以外）无论何时作出都阻止申报，本项没有时间窗口。",
                "比照第八条（四）只看近5年的记录。"),
        Reading("same_model_six_years", cite(v, "第十条"),
                "只约束市长质量奖获奖者（不含提名奖）；“获奖后6年内”获奖当日不计入，第6年的对应日为最后一日，次日起可以同一模式"
                "重新申报；按确切获奖日期计算，只有届别年度的获奖记录须补充获奖日期。",
                "按届或自然年计算（获奖年度后第6年起可申报），只有年度时也可判断。"),
        Reading("same_model_comparison", cite(v, "第十条"),
                "同一质量管理模式、制度、方法按名称比较（去空格、不分大小写）；本次或以往所用模式未知，或以往获奖未说明所用模式的，"
                "由办公室确认是否不同。",
                "以往获奖未说明所用模式的，先视为同一模式而不予受理，直至申报者证明不同。"),
        Reading("revoked_award_still_binds", cite(v, "第十条"),
                "被撤销的市长质量奖仍自获奖之日起6年内约束同一模式：第十条自获奖起算，第二十八条、第三十条的撤销是加重处理，"
                "并未规定撤销后解除本条限制。",
                "撤销后不再是获奖组织或个人，第十条不再适用，只受第二十八条不予受理期限的约束。"),
        Reading("ban_on_record", cite(v, "第二十八条"),
                "处理记录中的禁止申报期最后一日（含）仍阻止申报；本办法的处理（false_application、fraudulent_win）未记录截止日的，"
                "按处理决定日重新计算。",
                "只依记录中的截止日，未记录的不阻止申报。"),
        Reading("ban_counted_from_decision", cite(v, "第二十八条"),
                "“5年内 / 10年内不予受理”未写起算点，自处理决定之日起算：决定当日不计入，第5（10）年的对应日为最后一日。",
                "自违规申报之日或获奖之日起算。"),
        Reading("post_award_window", cite(v, "第三十条"),
                "“自获奖之日起5年内”：获奖当日不计入，第5年的对应日为最后一日；以情形发生之日判断，未给出时以处理决定日判断；"
                "窗口之后发生的，第三十条不适用。",
                "以处理决定日是否在5年内判断。"),
        Reading("post_award_no_ban", cite(v, "第三十条"),
                "第三十条只规定取消奖励、收回证书奖杯并向社会公开，未规定不予受理期限，因此不设禁止申报期。",
                "比照第二十八条设10年不予受理期限。"),
        Reading("cycle_years_setting", cite(v, "第三条"),
                "第三条只说“每届”名额，未规定届期，由办公室设置 cycle_years；未设置前不给出评选周期计划。",
                "默认每年一届。"),
        Reading("stage_weights_setting", cite(v, "第二十二条"),
                "第二十二条把材料评审、现场评审、顾客满意度测评合并为综合评价并按得分排序，但未规定权重，由办公室设置（各环节大于0，合计100）；"
                "权重和总分引用第二十二条，第十八条只列出程序。",
                "各环节等权。"),
        Reading("survey_organisations_only", cite(v, "第二十一条"),
                "顾客满意度测评只对组织进行，个人只按材料评审和现场评审两个环节计分。",
                "第十八条把测评列为全部申报者的程序，个人也须测评。"),
        Reading("score_scale_setting", cite(v, "第十六条"),
                "评审准则未随办法公布，各环节满分由办公室设置 score_scale。",
                "采用常见的1000分制。"),
        Reading("combined_quota", cite(v, "第三条"),
                "“不超过4个组织和个人”是组织与个人合计的上限，市长质量奖、提名奖各一个；可以空缺。",
                "组织、个人各不超过4个。"),
        Reading("no_cash_bonus", cite(v, "第二十五条"),
                "获奖者获颁证书、奖杯，办法未设奖金（金额为0）；第二十六条的经费是评选表彰工作经费，第二十七条是各部门的配套支持。",
                "由办公室另设奖金金额。"),
        Reading("application_and_acceptance_stages", cite(v, "第四条"),
                "第十八条只列出评审程序（对经公示无异议的申报者）；评选周期按第四条“申报、受理、评审、表彰”的顺序，"
                "在受理名单公示之前另设第三章的三个阶段：申报（第十一条，规定时间内向所在地市场监管部门申请）、"
                "初审推荐（第十二条，初审、征求意见、区县市政府批准后推荐）、受理审查（第十三条至第十五条，评委会办公室审查并形成受理名单）。",
                "周期从受理名单公示开始，申报和受理不作为周期阶段；或把初审推荐并入申报阶段。"),
        Reading("no_backfill", cite(v, "第二十四条"),
                "公示异议查明属实取消获奖资格后，办法未规定递补，由办公室决定。",
                "由候选名单中的下一名依次递补。"),
        Reading("no_expert_qualifications", cite(v, "第七条"),
                "第七条只规定评审组建立评审员专家库，未规定专家条件，故不列入库条件；第六条所列专家学者、政府有关部门负责人、"
                "企业家和消费者代表是评委会委员的构成，不是专家库成员的条件。",
                "把第六条所列身份作为专家库成员的来源条件，由办公室确认。"),
        Reading("criteria_single_score", cite(v, "第十六条"),
                "第十六条的评审准则包括质量、创新、品牌和结果四部分，但未规定各部分分值（准则未随办法公布）；材料评审、现场评审"
                "各打一个总分，满分为办公室设置的 score_scale，评分项注明四部分。",
                "四部分各设一个评分项，分值由办公室分别设置。"),
        Reading("survey_single_score", cite(v, "第二十一条"),
                "顾客满意度测评由公开招标委托的中介机构进行，测评结果按一个得分录入，满分同为 score_scale，与其他环节同一分制。",
                "按测评报告的满意度指数（如百分制）原样录入，再由办公室换算。"),
    )
