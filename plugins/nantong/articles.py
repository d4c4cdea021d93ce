"""Where each rule sits in each Nantong version.

The 2023 draft renumbered the articles; each of its articles says which 2020 article it
corresponds to ("本条对应原《管理办法》第N条"). Citations use the number of the version
being applied.

Two 2020 numbers are not stated by the draft and are inferred:

* The quota sentences. 2023 第六条 quotes their 2020 wording but names no 2020 article. The 2020
  第六条 was the committee's duties (2023 第七条: "本条对应原《管理办法》第六条"), so it cannot be
  cited. Of the 2020 articles 第一条 to 第三十五条, 第五条 is the only one no 2023 article claims,
  and 2023 第六条 sits exactly between the successors of the 2020 第四条 (2023 第五条) and 第六条
  (2023 第七条). The quotas are therefore cited as 2020 第五条, with a note saying the number is
  inferred. [reading: quota_article_2020]
* The tiers and the yearly cycle. 2023 第六条 says its first underlined part was 2020 第二条's text;
  the underlining is lost in the seed, and the part is read as the whole opening sentence (two
  tiers, rated once a year), so the 2020 cadence is cited as 第二条. [reading: cadence_article_2020]

Items are written as numbered in 2023. The 2023 draft marks 第十一条（一）, 第十三条（一） and
第十二条（四） as new ("划线部分为新增内容"); read as whole new items, the 2020 items after them
sat one place earlier. [reading: items_2020_renumbered]
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
    "award_classes": {"2023": "第六条", "2020": "第五条"},
    "cadence": {"2023": "第六条", "2020": "第二条"},
    "stage_weights": {"2023": "第十五条", "2020": "第十四条"},
    "procedure": {"2023": "第十六条", "2020": "第十五条"},
    "application_step": {"2023": "第十八条", "2020": "第十六条"},
    "acceptance": {"2023": "第十九条", "2020": "第十七条"},
    "materials_review": {"2023": "第二十条", "2020": "第十八条"},
    # 2020 第十八条 formed both the materials panel and the on-site panels (2023 第二十一条's
    # annotation: its panel sentence "为原《管理办法》第十八条的内容").
    "on_site_panels": {"2023": "第二十一条", "2020": "第十八条"},
    "on_site_shortlist": {"2023": "第二十一条", "2020": "第十九条"},
    "on_site_review": {"2023": "第二十一条", "2020": "第十九条"},
    "presentation": {"2023": "第二十二条", "2020": "第二十条"},
    "candidate_notice": {"2023": "第二十四条", "2020": "第二十二条"},
    "expert_pool": {"2023": "第十条", "2020": "第九条"},
    "review_standard": {"2023": "第十四条", "2020": "第十三条"},
    "reward": {"2023": "第二十六条", "2020": "第二十四条"},
    "obligations": {"2023": "第二十八条", "2020": "第二十六条"},
}

GBT_19580_POINTS = "类目分值为GB/T 19580-2012《卓越绩效评价准则》规定的分值（合计1000分）；本条未指明版本，按现行版本"

NOTES: dict[tuple[str, str], str] = {
    ("award_classes", "2020"): "条号为推定：征求意见稿第六条的注释引用了原名额条款的文字，但未注明其原条号；"
                               "原第六条为质委会职责（见新稿第七条注释）。原第一至三十五条中仅原第五条未被新稿任何条文对应，"
                               "且新稿第六条位于原第四条、原第六条的对应条文之间，故推定为原第五条。",
    ("cadence", "2020"): "新稿第六条注明其第一处划线部分为原第二条的内容；划线已不可见，读作“分为两个奖项、每年评定一次”一句。",
    ("review_standard", "2023"): GBT_19580_POINTS,
    ("review_standard", "2020"): GBT_19580_POINTS,
}


# Items are written as numbered in 2023 (see the module docstring).
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
