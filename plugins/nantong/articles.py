"""Where each rule sits in each Nantong version.

The 2023 draft renumbered the articles; each of its articles says which 2020 article it
corresponds to ("本条对应原《管理办法》第N条"). Citations use the number of the version
being applied.
"""
from __future__ import annotations

from functools import lru_cache

from core.sdk import Citation

ARTICLES: dict[str, dict[str, str]] = {
    "organization_conditions": {"2023": "第十一条", "2020": "第十条"},
    "negative_list": {"2023": "第十二条", "2020": "第十一条"},
    "individual_conditions": {"2023": "第十三条", "2020": "第十二条"},
    "reapplication": {"2023": "第二十九条", "2020": "第二十八条"},
    "false_application": {"2023": "第三十二条", "2020": "第三十三条"},
    "revocation": {"2023": "第三十三条", "2020": "第二十七条"},
    "inclusive_bounds": {"2023": "第三十六条"},
    # 2020: see NOTES; the seed gives no 2020 number for the quota text.
    "award_classes": {"2023": "第六条", "2020": "第六条"},
    "stage_weights": {"2023": "第十五条", "2020": "第十四条"},
    "procedure": {"2023": "第十六条", "2020": "第十五条"},
    "application_step": {"2023": "第十八条", "2020": "第十六条"},
    "materials_review": {"2023": "第二十条", "2020": "第十八条"},
    # 2020 第十八条 formed both the materials panel and the on-site panels (2023 第二十一条's
    # annotation: its panel sentence "为原《管理办法》第十八条的内容").
    "on_site_panels": {"2023": "第二十一条", "2020": "第十八条"},
    "on_site_shortlist": {"2023": "第二十一条", "2020": "第十九条"},
    "candidate_notice": {"2023": "第二十四条", "2020": "第二十二条"},
    "reward": {"2023": "第二十六条", "2020": "第二十四条"},
    "obligations": {"2023": "第二十八条", "2020": "第二十六条"},
}

NOTES: dict[tuple[str, str], str] = {
    ("award_classes", "2020"): "征求意见稿未注明原《管理办法》中名额条款的条号（仅注明奖项设置句来自原第二条），"
                               "故沿用新稿条号第六条引用；原第六条实为质委会职责。原第五条是唯一未被新稿对应的条文，"
                               "名额条款很可能即原第五条，但原文未证实。",
}


# Items are written as numbered in 2023. The 2023 draft marks 第十一条（一）, 第十三条（一） and
# 第十二条（四） as new ("划线部分为新增内容"), so the 2020 items after them sat one place earlier.
ITEMS_2020: dict[str, dict[str, str]] = {
    "organization_conditions": {"（二）": "（一）", "（三）": "（二）", "（四）": "（三）", "（五）": "（四）",
                                "（六）": "（五）"},
    "negative_list": {"（一）": "（一）", "（二）": "（二）", "（三）": "（三）", "（五）": "（四）"},
    "individual_conditions": {"（二）": "（一）", "（三）": "（二）", "（四）": "（三）", "（五）": "（四）"},
}


@lru_cache(maxsize=None)
def cite(version: str, topic: str, item: str | None = None) -> Citation:
    """The citation of a rule in ``version``; ``item`` is given as numbered in 2023."""
    if version == "2020" and item is not None and topic in ITEMS_2020:
        item = ITEMS_2020[topic][item]
    return Citation("nantong", version, ARTICLES[topic][version], item, NOTES.get((topic, version)))
