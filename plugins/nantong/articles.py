"""Where each rule sits in each Nantong version.

The 2023 draft renumbered the articles; each of its articles says which 2020 article it
corresponds to ("本条对应原《管理办法》第N条"). Citations use the number of the version
being applied.
"""
from __future__ import annotations

from functools import lru_cache

from core.rules import Citation

ARTICLES: dict[str, dict[str, str]] = {
    "organization_conditions": {"2023": "第十一条", "2020": "第十条"},
    "negative_list": {"2023": "第十二条", "2020": "第十一条"},
    "individual_conditions": {"2023": "第十三条", "2020": "第十二条"},
    "reapplication": {"2023": "第二十九条", "2020": "第二十八条"},
    "false_application": {"2023": "第三十二条", "2020": "第三十三条"},
    "revocation": {"2023": "第三十三条", "2020": "第二十七条"},
    "inclusive_bounds": {"2023": "第三十六条"},
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
    return Citation("nantong", version, ARTICLES[topic][version], item)
