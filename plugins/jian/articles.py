"""Citations of 吉安市市长质量奖管理办法 (吉府发〔2023〕1号), the only Ji'an version."""
from __future__ import annotations

from functools import lru_cache

from core.sdk import Citation

JURISDICTION_CODE = "jian"


@lru_cache(maxsize=None)
def cite(version: str, article: str, item: str | None = None, note: str | None = None) -> Citation:
    """``cite("2023", "第十条", "（二）")`` -> ``jian/2023 第十条（二）``."""
    return Citation(JURISDICTION_CODE, version, article, item, note)
