"""Where each Rugao rule sits in the 2021 text.

The text prints no "第二条" label: the paragraph after 第一条 (award classes, the nomination
award for organisations) is taken as article 2, and the rest is numbered as printed (the next
label is 第三条). [reading: unlabelled_article_two]
"""
from __future__ import annotations

from functools import lru_cache

from core.sdk import Citation

JURISDICTION = "rugao"
ARTICLES: dict[str, dict[str, str]] = {
    "award_classes": {"2021": "第二条"},
    "quotas": {"2021": "第五条"},
    "committee_duties": {"2021": "第六条"},
    "expert_conditions": {"2021": "第八条"},
    "review_standard": {"2021": "第九条"},
    "stage_weights": {"2021": "第十条"},
    "procedure": {"2021": "第十一条"},
    "organization_conditions": {"2021": "第十二条"},
    "negative_list": {"2021": "第十三条"},
    "individual_conditions": {"2021": "第十四条"},
    "application_step": {"2021": "第十五条"},
    "review": {"2021": "第十七条"},
    "candidate_notice": {"2021": "第二十条"},
    "reward": {"2021": "第二十一条"},
    "post_award": {"2021": "第二十三条"},
    "reapplication": {"2021": "第二十四条"},
    "false_application": {"2021": "第二十九条"},
}

NOTES: dict[tuple[str, str], str] = {
    ("award_classes", "2021"): "原文未标“第二条”，第一条之后的一段即第二条",
    ("review_standard", "2021"): "类目分值为GB/T 19580-2012《卓越绩效评价准则》规定的分值（合计1000分）；本条未指明版本，"
                                 "按本办法施行时的现行版本",
}


@lru_cache(maxsize=None)
def cite(version: str, topic: str, item: str | None = None) -> Citation:
    return Citation(JURISDICTION, version, ARTICLES[topic][version], item, NOTES.get((topic, version)))
