"""Chinese words for what the workbooks show: the facts vocabulary's fields, the stage codes plans use,
and the statuses of the lifecycle's tables. A name without an entry is shown as it is (a plugin's new
fact still gets its column, headed by its code, until a word is added here)."""
from __future__ import annotations

from typing import Any

FACTS = {
    "name": "名称", "registration_city": "注册地（市）", "registration_county": "注册地（县、市、区）",
    "independent_legal_person": "独立法人", "founded_on": "依法经营起始日", "industry": "行业",
    "is_industrial": "工业企业", "is_construction": "建筑企业", "is_sme": "中小企业", "for_profit": "营利性组织",
    "related_applications_this_cycle": "同集团本届其他申报数", "excellence_model_since": "导入卓越绩效模式起始日",
    "iso9001_since": "通过ISO 9001认证起始日", "chief_quality_officer": "设立首席质量官",
    "environmental_credit_rating": "环境信用等级", "environmental_credit_history": "历年环境信用等级",
    "safety_standardisation_level": "安全生产标准化等级", "honours": "所获荣誉", "accidents": "质量安全事故",
    "records": "违法违规及失信记录", "financials": "财务数据", "confirmations": "人工确认事项",
    "quality_management_model": "质量管理模式", "earlier_award_models": "已获奖管理模式",
    "quality_work_since": "从事质量工作起始日", "quality_work_in_jurisdiction_since": "在本地从事质量工作起始日",
    "conduct_records": "违法违规违纪记录", "employer": "工作单位", "group_entry": "集团内唯一申报",
    "city_industry_ranks_last_year": "上年度全市行业排名", "location_city": "项目所在地", "started_on": "开工日",
    "completed_on": "竣工验收日", "investment_yuan": "投资额", "owner": "项目责任单位", "formed_on": "组建日",
    "members": "成员人数", "leader": "负责人",
}

STAGES = {
    "application": "申报", "eligibility_screening": "资格审查", "materials_review": "材料评审",
    "presentation": "陈述答辩", "on_site_review": "现场评审", "overall_evaluation": "综合评价",
    "decision": "审定", "public_notice": "公示", "approval_notice": "审批公示", "approval": "审批",
}

APPLICATION_STATUS = {"draft": "草稿", "submitted": "已提交", "correction_requested": "待补正", "accepted": "已受理",
                      "rejected": "不予受理", "withdrawn": "已撤回"}
SCREENING_OUTCOME = {"eligible": "符合条件", "ineligible": "不符合条件", "needs_attestation": "待人工确认"}
EXPERT_STATUS = {"active": "在库", "inactive": "已出库"}
TITLES = {"none": "无", "junior": "初级", "intermediate": "中级", "vice_senior": "副高级", "senior": "正高级"}
MEMBER_STATUS = {"invited": "已抽取待确认", "confirmed": "已确认", "declined": "已谢绝", "lapsed": "逾期未答复",
                 "recused": "回避"}
PANEL_STATUS = {"forming": "组建中", "ready": "已组建", "closed": "已结束"}
PANEL_KIND = {"experts": "随机抽取专家组", "third_party": "第三方机构"}
RELATION_KIND = {"employment": "任职关系", "consulting": "咨询辅导", "family": "亲属关系", "other": "其他"}
SHEET_STATUS = {"draft": "草稿", "submitted": "已提交"}
OBJECTION_STATUS = {"received": "已受理", "investigating": "核查中", "upheld": "异议成立", "dismissed": "异议不成立"}
NOTICE_STATUS = {"open": "公示中", "closed": "已结束"}
ENTRY_STATUS = {"listed": "公示中", "removed": "已取消"}
REWARD_KIND = {"owed": "应发", "paid": "已发", "clawback": "应追回", "recovered": "已追回", "cancelled": "已取消",
               "waived": "免于追回"}
OBLIGATION_STATE = {"due": "待履行", "overdue": "已逾期", "done": "已履行", "cancelled": "已终止"}
AGGREGATION = {"mean": "算术平均", "median": "中位数", "trimmed_mean": "去掉一个最高分和一个最低分后平均"}
DECISION_KIND = {"deliberation": "审议", "vote": "投票", "approval": "审定"}


def word(table: dict[str, str], value: Any) -> str | None:
    """The Chinese word for ``value`` (an enum or its code) in ``table``; the code itself when unknown."""
    if value is None:
        return None
    code = value.value if hasattr(value, "value") else str(value)
    return table.get(code, code)


def stage(code: str | None) -> str | None:
    return word(STAGES, code)


def article(citation: dict[str, Any] | None) -> str:
    """A stored citation as people read it: ``<jurisdiction>/<version> 第十一条（四）``."""
    if not citation:
        return ""
    if citation.get("text"):
        return str(citation["text"])
    return f"{citation.get('jurisdiction')}/{citation.get('version')} {citation.get('article')}{citation.get('item') or ''}"
