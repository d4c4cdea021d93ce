"""Citations of 常德市市长质量奖管理办法（征求意见稿）, version ``draft``."""
from __future__ import annotations

from functools import lru_cache

from core.sdk import Citation

JURISDICTION_CODE = "changde"


@lru_cache(maxsize=None)
def cite(version: str, article: str, item: str | None = None, note: str | None = None) -> Citation:
    """``cite("draft", "第八条", "（一）")`` -> ``changde/draft 第八条（一）``."""
    return Citation(JURISDICTION_CODE, version, article, item, note)
