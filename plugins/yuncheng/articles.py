"""Citations of 运城市市长质量奖管理办法 (运政发〔2023〕14号), the only Yuncheng version."""
from __future__ import annotations

from functools import lru_cache

from core.sdk import Citation

JURISDICTION_CODE = "yuncheng"


@lru_cache(maxsize=None)
def cite(version: str, article: str, item: str | None = None, note: str | None = None) -> Citation:
    """``cite("2023", "第十一条", "（四）")`` -> ``yuncheng/2023 第十一条（四）``."""
    return Citation(JURISDICTION_CODE, version, article, item, note)
