"""Tenant settings a regulation leaves open: validating values, and refusing work that needs an unset one.

Value types a plugin may declare in a :class:`core.engine.rules.SettingSpec`:

* ``integer``, ``yuan`` (whole yuan, >= 0), ``decimal`` (sent as a string or number, stored as a
  string so no float rounding creeps in), ``boolean``, ``string``;
* ``weights``: an object ``{stage: percent}`` of decimals that add up to 100.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Mapping, Sequence

from core.engine.messages import _
from core.engine.errors import InvalidInput, SettingMissing
from core.engine.facts import DECIMAL_TEXT
from core.engine.rules import AGGREGATIONS, Citation, SettingSpec

VALUE_TYPES = ("integer", "yuan", "decimal", "boolean", "string", "weights")


MAX_DIGITS = 12
"""A decimal setting (a percentage, a points value) has at most this many significant digits and no
exponent beyond it: anything larger is no setting a regulation leaves open, and would overflow sums."""


def _decimal(raw: Any) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, (int, str, float, Decimal)):
        raise InvalidInput.on("value", "must be a number")
    if isinstance(raw, str) and not DECIMAL_TEXT.fullmatch(raw.strip()):
        raise InvalidInput.on("value", _("{raw!r} is not a number written in ASCII digits with an optional fraction "
                                         "(such as 12.5)",
                                         raw=raw))
    try:
        value = Decimal(repr(raw) if isinstance(raw, float) else str(raw).strip())
    except InvalidOperation:
        raise InvalidInput.on("value", _("{raw!r} is not a number", raw=raw)) from None
    if not value.is_finite():
        raise InvalidInput.on("value", "must be a finite number")
    if value and (len(value.as_tuple().digits) > MAX_DIGITS or abs(value.adjusted()) > MAX_DIGITS):
        raise InvalidInput.on("value", _("{raw} has more than {MAX_DIGITS} significant digits or is out of range",
                                         raw=raw, MAX_DIGITS=MAX_DIGITS))
    return value + 0  # -0 is 0


def validate(spec: SettingSpec, raw: Any) -> Any:
    """The JSON-safe stored form of ``raw``, or InvalidInput naming ``value`` and the reason."""
    kind = spec.value_type
    if kind in ("integer", "yuan"):
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise InvalidInput.on("value", _("must be a whole number of yuan") if kind == "yuan"
                                  else _("must be a whole number"))
        if kind == "yuan" and raw < 0:
            raise InvalidInput.on("value", "an amount in yuan cannot be negative")
        if abs(raw) >= 10 ** MAX_DIGITS:
            raise InvalidInput.on("value", _("{raw} is out of range (at most {MAX_DIGITS} digits)",
                                             raw=raw, MAX_DIGITS=MAX_DIGITS))
        if spec.bounds is not None and not spec.bounds[0] <= raw <= spec.bounds[1]:
            raise InvalidInput.on("value", _("must be from {bounds} to {bounds2} (both included)",
                                             bounds=spec.bounds[0], bounds2=spec.bounds[1]))
        return raw
    if kind == "decimal":
        return str(_decimal(raw))
    if kind == "boolean":
        if not isinstance(raw, bool):
            raise InvalidInput.on("value", "must be true or false")
        return raw
    if kind == "string":
        if not isinstance(raw, str) or not raw.strip():
            raise InvalidInput.on("value", "must be a non-empty string")
        if spec.choices and raw not in spec.choices:
            raise InvalidInput.on("value", _("{raw!r} is not one of: {items}",
                                             raw=raw, items=', '.join(spec.choices)))
        return raw
    if kind == "weights":
        if not isinstance(raw, dict) or not raw:
            raise InvalidInput.on("value", "must be an object {stage: percent}")
        weights = {str(stage): _decimal(percent) for stage, percent in raw.items()}
        if any(w < 0 for w in weights.values()):
            raise InvalidInput.on("value", "percentages cannot be negative")
        if sum(weights.values()) != 100:
            raise InvalidInput.on("value", _("percentages must add up to 100, not {sum}",
                                             sum=sum(weights.values())))
        return {stage: str(w) for stage, w in weights.items()}
    raise InvalidInput.on("value", _("the plugin declares an unknown value type {kind!r}",
                                     kind=kind))  # pragma: no cover


def stage_percents(settings: Mapping[str, Any], spec: SettingSpec, required: Sequence[str],
                   optional: Sequence[str] = ()) -> dict[str, Decimal]:
    """The office's stage weights ``{stage: percent}`` from a ``weights`` setting, checked against the
    stages the regulation names: refused while unset (:func:`require`), and with an error naming the
    setting when a stage is unknown or missing, a share is not positive, or they do not add up to 100."""
    stored = require(settings, spec)
    field = f"settings.{spec.key}"
    try:
        percents = {str(stage): Decimal(str(p)) for stage, p in dict(stored).items()}
    except (TypeError, ValueError, InvalidOperation):
        raise InvalidInput.on(field, "must be an object {stage: percent}") from None
    unknown = sorted(set(percents) - set(required) - set(optional))
    missing = [s for s in required if s not in percents]
    if unknown or missing:
        raise InvalidInput.on(field, _("stages must be {required}{optional}{unknown}{missing}",
                                       required=", ".join(required),
                                       optional=_(" (optional: {items})",
                                                  items=", ".join(optional)) if optional else "",
                                       unknown=_("; unknown: {items}", items=", ".join(unknown)) if unknown else "",
                                       missing=_("; missing: {items}", items=", ".join(missing)) if missing else ""))
    if any(p <= 0 for p in percents.values()) or sum(percents.values()) != 100:
        raise InvalidInput.on(field, "each stage needs a positive percentage and they must add up to 100")
    return percents


def require(settings: Mapping[str, Any], spec: SettingSpec) -> Any:
    """The value of a setting a computation needs; refused, naming it and the silent article, while unset."""
    if settings.get(spec.key) is None:
        raise SettingMissing(spec.key, f"{spec.description}; {spec.citation} gives no value, so the office "
                                       f"must set it before {', '.join(spec.needed_for)}")
    return settings[spec.key]


# --------------------------------------------------------------------------------------------
# The review's own settings: how an office runs panels and combines scores where its text is silent
# --------------------------------------------------------------------------------------------

REVIEW_AGGREGATION = "review_aggregation"
REVIEW_NORMALISE = "review_normalise"
REVIEW_DISAGREEMENT = "review_disagreement_threshold"
REVIEW_LOAD_CAP = "review_expert_load_cap"
REVIEW_BLIND = "review_blind_materials"

SILENT = "条文未规定"
"""The article a review setting cites: none, since the office decides what the text does not say."""


def review_settings(jurisdiction: str, version: str) -> list[SettingSpec]:
    """The settings every tenant has for running its review, beside the ones its plugin declares.

    They exist because regulations say panels are drawn and score, but not how sheets combine or how
    much work one expert takes: the office decides, and its choice is stored, audited and cited.
    """

    silent = Citation(jurisdiction, version, SILENT, note="评审组织方式由办公室设定 (the office decides what the text leaves open)")
    return [
        SettingSpec(REVIEW_AGGREGATION, "string", "专家评分的汇总方法（条文未规定时适用）：mean 平均分, median 中位数, "
                    "trimmed_mean 去掉一个最高分和一个最低分后取平均", ("review",), silent, choices=AGGREGATIONS),
        SettingSpec(REVIEW_NORMALISE, "boolean", "按专家对其评分作标准化（z 分数）后再汇总；未设置为否", ("review",), silent),
        SettingSpec(REVIEW_DISAGREEMENT, "decimal", "同一申报在同一阶段的专家评分极差超过此值时标记分歧；未设置不标记",
                    ("review",), silent),
        SettingSpec(REVIEW_LOAD_CAP, "integer", "每位专家在一个评选周期内最多参加的评审组数；未设置不设上限（抽取仍优先负担少者）",
                    ("review",), silent),
        SettingSpec(REVIEW_BLIND, "boolean", "资料评审盲评：阶段结束前专家看不到申报者名称和身份信息；未设置为否",
                    ("review",), silent),
    ]


# --------------------------------------------------------------------------------------------
# After the review: notices, objections and personal data, where the text leaves the office to decide
# --------------------------------------------------------------------------------------------

NOTICE_BACKFILL = "notice_backfill"
PERSONAL_DATA_RETENTION = "personal_data_retention_days"
RETENTION_BOUNDS = (30, 3650)
"""At least 30 days (an objection is decided and its objector told well within that), at most ten years
(the audit trail's retention: the trail outlives the personal data it never holds)."""


def lifecycle_settings(jurisdiction: str, version: str, silent_on_backfill: bool) -> list[SettingSpec]:
    """Settings every tenant has for the stages after the review. ``notice_backfill`` only where a notice
    of the plan leaves backfill unsaid (Nantong's text forbids it, so Nantong has no such setting)."""
    silent = Citation(jurisdiction, version, SILENT, note="条文未规定，由办公室设定 (the office decides what the text leaves open)")
    out = [SettingSpec(PERSONAL_DATA_RETENTION, "integer",
                       "异议人联系方式及未获奖申报者个人信息的保存天数（公示结束或评选周期结束后起算），期满删除",
                       ("personal data erasure",), silent, bounds=RETENTION_BOUNDS)]
    if silent_on_backfill:
        out.append(SettingSpec(NOTICE_BACKFILL, "boolean",
                               "公示中因异议被取消资格的，是否由排名下一位递补（条文未规定时适用）",
                               ("upholding an objection",), silent))
    return out
