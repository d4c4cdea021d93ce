"""How the experts' scoring sheets of one review stage become stage scores, and how far the panel agreed.

Each expert fills one sheet per application at a stage; the sheet's score is the sum of its items.

**Stage score** (:func:`stage_results`): the sheets of one application combined by one of
:data:`~core.engine.rules.AGGREGATIONS`, as the regulation or the office's setting says:

- ``mean``: the arithmetic mean of the sheets;
- ``median``: the middle sheet; with an even number of sheets, the mean of the two middle ones;
- ``trimmed_mean`` (去掉一个最高分和一个最低分): drop one highest and one lowest sheet and take the
  mean of the rest. It needs at least three sheets; with fewer nothing would be left to average, or
  the one "trim" would not be symmetric, so it is refused rather than quietly turned into a mean.

**Normalisation** (:func:`normalise`, optional): where experts do not all score every application,
a lenient expert lifts whichever applications he happens to draw. Each expert's sheets are put on a
common footing (his own level and spread removed, a z-score) and mapped back onto the stage's scale
(the level and spread of all sheets of the stage), so a normalised score still reads like a score.
Within one expert's sheets the order never changes.

**Agreement** (:func:`agreement`): figures for the office, never part of a score. The spread of
each application's sheets; each expert's leniency (how far above or below the other experts on the
same applications he scores on average); and, for every block of applications scored by exactly the
same experts, Kendall's W (do the experts put the applications in the same order? 0 none, 1 complete)
and ICC(2,1) (do they give the same numbers? two-way random effects, absolute agreement, one rater).

Numbers: sheet scores are exact (``int`` or ``Decimal``; a ``float`` is refused, as in
:mod:`core.engine.scoring`). Arithmetic runs in ``Decimal`` at 40 significant digits; every result a
person reads (a stage score, a normalised sheet, a spread, a mean difference, a z-score, W, ICC) is
rounded to 4 decimal places, half to even.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from typing import Iterable, Mapping, Sequence

from core.engine.messages import _
from core.engine.errors import InvalidInput
from core.engine.rules import AGGREGATIONS
from core.engine.scoring import inexact

PLACES = Decimal("0.0001")
"""Every figure a person reads is rounded to this many places (half to even)."""

_CONTEXT = Context(prec=40, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True)
class Sheet:
    """One expert's submitted sheet for one application at one stage: the sheet's score (the sum of its items)."""

    expert_id: int
    application_id: int
    score: Decimal


# --------------------------------------------------------------------------------------------
# Stage scores
# --------------------------------------------------------------------------------------------

def aggregate(scores: Sequence[Decimal], method: str) -> Decimal:
    """The stage score of one application from its sheets' scores, by ``method`` (one of
    :data:`~core.engine.rules.AGGREGATIONS`), rounded to 4 decimal places half to even.

    The result is always rounded, even where it is exact (a mean of integers may not be), so every
    stage score has the same form whatever the method. No sheets, a score that is not an exact
    number, or ``trimmed_mean`` over fewer than three sheets is refused.
    """
    _check_method(method)
    if not scores:
        raise InvalidInput.on("sheets", "there are no sheets to aggregate")
    problems = {f"scores.{i}": [reason] for i, score in enumerate(scores) if (reason := inexact(score)) is not None}
    if problems:
        raise InvalidInput("the scores cannot be aggregated", fields=problems)
    if method == "trimmed_mean" and len(scores) < 3:
        raise InvalidInput.on("aggregation", _too_few_to_trim(len(scores)))
    with localcontext(_CONTEXT):
        ordered = sorted(Decimal(score) for score in scores)
        if method == "mean":
            value = _mean(ordered)
        elif method == "median":
            middle = len(ordered) // 2
            value = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
        else:
            value = _mean(ordered[1:-1])
        return _round(value)


def aggregate_sum(total: Decimal, count: int) -> Decimal:
    """The mean of ``count`` scores that add up to ``total``, rounded as :func:`aggregate` rounds: for a
    caller that summed the scores itself (a database, exactly)."""
    if count < 1:
        raise InvalidInput.on("sheets", "there are no sheets to aggregate")
    with localcontext(_CONTEXT):
        return _round(Decimal(total) / count)


def normalise(sheets: Sequence[Sheet]) -> dict[tuple[int, int], Decimal]:
    """Each sheet's score after per-expert z-score normalisation, keyed by ``(expert_id, application_id)``.

    For a sheet with score ``x`` by expert ``e``::

        z    = (x - mean_e) / sd_e
        used = grand_mean + z * grand_sd

    where ``mean_e``/``sd_e`` are over all of ``e``'s sheets in the stage and ``grand_mean``/``grand_sd``
    over all sheets of the stage; every ``sd`` is the population standard deviation (the sheets are
    the whole stage, not a sample of it). An expert with one sheet, or who gave every application the
    same score, has no spread to divide by and keeps the shift only: ``used = x - mean_e + grand_mean``.
    When every sheet of the stage has the same score (``grand_sd`` 0) everything maps to ``grand_mean``.
    Results are rounded to 4 places. No sheets give an empty mapping.
    """
    checked = _checked(sheets)
    if not checked:
        return {}
    with localcontext(_CONTEXT):
        raw = {(s.expert_id, s.application_id): Decimal(s.score) for s in checked}
        grand_mean = _mean(raw.values())
        grand_sd = _pstdev(raw.values())
        by_expert: dict[int, list[Decimal]] = defaultdict(list)
        for (expert_id, _), score in raw.items():
            by_expert[expert_id].append(score)
        level = {expert_id: (_mean(scores), _pstdev(scores)) for expert_id, scores in by_expert.items()}
        used: dict[tuple[int, int], Decimal] = {}
        for key, score in raw.items():
            mean, sd = level[key[0]]
            if grand_sd == 0:
                value = grand_mean
            elif sd == 0:
                value = score - mean + grand_mean
            else:
                value = grand_mean + (score - mean) / sd * grand_sd
            used[key] = _round(value)
        return used


@dataclass(frozen=True)
class SheetLine:
    expert_id: int
    raw: Decimal
    used: Decimal
    """Normalised where normalisation is on (rounded to 4 places), else the raw score itself."""


@dataclass(frozen=True)
class StageResult:
    application_id: int
    method: str
    normalised: bool
    sheets: tuple[SheetLine, ...]
    """Every expert's sheet beside the aggregate, ordered by expert_id."""
    score: Decimal
    """The aggregate of the ``used`` scores shown in :attr:`sheets` (so anyone can recompute it)."""
    spread: Decimal
    """``max(used) - min(used)``."""
    disagreement: bool
    """A threshold was given and the spread is strictly greater than it."""


def stage_results(sheets: Sequence[Sheet], *, method: str, normalised: bool = False,
                  threshold: Decimal | None = None) -> list[StageResult]:
    """One :class:`StageResult` per application, ordered by application id.

    ``normalised``: aggregate the :func:`normalise`-d scores instead of the raw ones (normalisation
    runs over all ``sheets``, which should be the whole stage). ``threshold``: flag an application
    whose sheets are further apart than this (an office may then ask the panel to discuss it).
    Every problem with the sheets is reported at once; with ``trimmed_mean``, every application with
    fewer than three sheets is named.
    """
    _check_method(method)
    if threshold is not None:
        if (reason := inexact(threshold)) is not None:
            raise InvalidInput.on("threshold", reason)
        if threshold < 0:
            raise InvalidInput.on("threshold", _("{threshold} is negative", threshold=threshold))
    checked = _checked(sheets)
    by_application = _by_application(checked)
    if method == "trimmed_mean":
        short = [f"application {application_id}: {_too_few_to_trim(len(scores))}"
                 for application_id, scores in sorted(by_application.items()) if len(scores) < 3]
        if short:
            raise InvalidInput("the sheets cannot be aggregated by trimmed_mean", fields={"aggregation": short})
    used = normalise(checked) if normalised else {
        (s.expert_id, s.application_id): Decimal(s.score) for s in checked}
    results = []
    with localcontext(_CONTEXT):
        for application_id, scores in sorted(by_application.items()):
            lines = tuple(SheetLine(expert_id, score, used[(expert_id, application_id)])
                          for expert_id, score in sorted(scores.items()))
            values = [line.used for line in lines]
            difference = max(values) - min(values)
            results.append(StageResult(application_id, method, normalised, lines, aggregate(values, method),
                                       _round(difference), threshold is not None and difference > threshold))
    return results


# --------------------------------------------------------------------------------------------
# Agreement
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ExpertLeniency:
    expert_id: int
    sheets: int
    mean_difference: Decimal | None
    """Mean over the expert's sheets of (own score - mean of the OTHER experts' scores on the same
    application); positive: more lenient than the others. ``None`` when no application of theirs
    has another expert."""
    z: Decimal | None
    """How unusual :attr:`mean_difference` is among the experts that have one (population sd).
    ``None`` when fewer than two experts have one; 0 for all of them when their mean differences are
    all equal (no one stands out)."""


@dataclass(frozen=True)
class PanelAgreement:
    """Agreement within one complete block: ``application_ids`` all scored by exactly ``expert_ids``."""

    expert_ids: tuple[int, ...]
    application_ids: tuple[int, ...]
    kendalls_w: Decimal | None
    """Kendall's coefficient of concordance, with average ranks for ties and the tie correction;
    ``None`` with fewer than 2 experts or 2 applications, or when every expert tied every application."""
    icc: Decimal | None
    """ICC(2,1) of Shrout and Fleiss: two-way random effects, absolute agreement, single rater.
    ``None`` with fewer than 2 experts or 2 applications, or when every sheet has the same score."""


@dataclass(frozen=True)
class AgreementReport:
    experts: tuple[ExpertLeniency, ...]
    """Ordered by expert id."""
    spreads: tuple[tuple[int, Decimal], ...]
    """``(application_id, max - min of raw scores)``, ordered by application id."""
    panels: tuple[PanelAgreement, ...]
    """One per complete block (applications grouped by the set of experts who scored them),
    ordered by each block's smallest application id."""


def agreement(sheets: Sequence[Sheet]) -> AgreementReport:
    """How far the experts of a stage agreed, on the raw scores (see the module docstring)."""
    by_application = _by_application(_checked(sheets))
    with localcontext(_CONTEXT):
        spreads = tuple((application_id, _round(max(scores.values()) - min(scores.values())))
                        for application_id, scores in sorted(by_application.items()))
        return AgreementReport(_leniency(by_application), spreads, _panels(by_application))


def _leniency(by_application: Mapping[int, Mapping[int, Decimal]]) -> tuple[ExpertLeniency, ...]:
    counts: dict[int, int] = defaultdict(int)
    differences: dict[int, list[Decimal]] = defaultdict(list)
    for scores in by_application.values():
        for expert_id, score in scores.items():
            counts[expert_id] += 1
            others = [other for other_id, other in scores.items() if other_id != expert_id]
            if others:
                differences[expert_id].append(score - _mean(others))
    means = {expert_id: _mean(found) for expert_id, found in differences.items()}
    z = _z_scores(means)
    return tuple(ExpertLeniency(expert_id, counts[expert_id],
                                _round(means[expert_id]) if expert_id in means else None, z.get(expert_id))
                 for expert_id in sorted(counts))


def _z_scores(values: Mapping[int, Decimal]) -> dict[int, Decimal]:
    if len(values) < 2:
        return {}
    centre = _mean(values.values())
    sd = _pstdev(values.values())
    if sd == 0:
        return {key: _round(Decimal(0)) for key in values}
    return {key: _round((value - centre) / sd) for key, value in values.items()}


def _panels(by_application: Mapping[int, Mapping[int, Decimal]]) -> tuple[PanelAgreement, ...]:
    blocks: dict[frozenset[int], list[int]] = defaultdict(list)
    for application_id in sorted(by_application):
        blocks[frozenset(by_application[application_id])].append(application_id)
    panels = []
    for experts, application_ids in sorted(blocks.items(), key=lambda block: block[1][0]):
        expert_ids = tuple(sorted(experts))
        table = [[by_application[a][e] for e in expert_ids] for a in application_ids]
        panels.append(PanelAgreement(expert_ids, tuple(application_ids), kendalls_w(table), icc_2_1(table)))
    return tuple(panels)


def kendalls_w(table: Sequence[Sequence[Decimal]]) -> Decimal | None:
    """Kendall's W of a table with one row per application and one column per expert.

    Each expert ranks the ``n`` applications (tied scores share the average of their ranks);
    ``R_i`` is application ``i``'s rank sum over the ``m`` experts and ``S`` the sum of squared
    deviations of the ``R_i`` from their mean ``m(n+1)/2``. With ``T_j = sum(t^3 - t)`` over the
    groups of ``t`` tied scores of expert ``j``::

        W = 12 S / (m^2 (n^3 - n) - m sum_j T_j)

    ``None`` when there are fewer than 2 rows or columns, or the denominator is 0 (every expert gave
    every application the same score: no order to agree on). Rounded to 4 places.
    """
    n, m = _check_table(table)
    if n < 2 or m < 2:
        return None
    with localcontext(_CONTEXT):
        rank_sums = [Decimal(0)] * n
        ties = 0
        for j in range(m):
            ranks, tied = _average_ranks([row[j] for row in table])
            rank_sums = [total + rank for total, rank in zip(rank_sums, ranks)]
            ties += tied
        centre = Decimal(m * (n + 1)) / 2
        s = sum(((total - centre) ** 2 for total in rank_sums), Decimal(0))
        denominator = m * m * (n ** 3 - n) - m * ties
        if denominator == 0:
            return None
        return _round(12 * s / denominator)


def icc_2_1(table: Sequence[Sequence[Decimal]]) -> Decimal | None:
    """ICC(2,1) of a table with one row per application (target) and one column per expert (judge).

    From the two-way analysis of variance, with ``n`` rows and ``k`` columns: ``MSR`` between rows,
    ``MSC`` between columns and ``MSE`` the residual mean square::

        ICC(2,1) = (MSR - MSE) / (MSR + (k - 1) MSE + k (MSC - MSE) / n)

    Absolute agreement: an expert who scores every application 10 points higher lowers it (consistency
    would not). ``None`` with fewer than 2 rows or columns, or a zero denominator (every score equal).
    May be negative. Rounded to 4 places.
    """
    n, k = _check_table(table)
    if n < 2 or k < 2:
        return None
    with localcontext(_CONTEXT):
        cells = [Decimal(x) for row in table for x in row]
        grand = _mean(cells)
        row_means = [_mean([Decimal(x) for x in row]) for row in table]
        column_means = [_mean([Decimal(row[j]) for row in table]) for j in range(k)]
        ss_rows = k * sum(((mean - grand) ** 2 for mean in row_means), Decimal(0))
        ss_columns = n * sum(((mean - grand) ** 2 for mean in column_means), Decimal(0))
        ss_total = sum(((x - grand) ** 2 for x in cells), Decimal(0))
        ms_rows = ss_rows / (n - 1)
        ms_columns = ss_columns / (k - 1)
        ms_error = (ss_total - ss_rows - ss_columns) / ((n - 1) * (k - 1))
        denominator = ms_rows + (k - 1) * ms_error + k * (ms_columns - ms_error) / n
        if denominator == 0:
            return None
        return _round((ms_rows - ms_error) / denominator)


def _check_table(table: Sequence[Sequence[Decimal]]) -> tuple[int, int]:
    """``(rows, columns)`` of a complete table of exact scores, or InvalidInput naming the bad cell."""
    columns = len(table[0]) if table else 0
    for i, row in enumerate(table):
        if len(row) != columns:
            raise InvalidInput.on(f"table.{i}", _("has {count} scores; every row needs one per expert ({columns})",
                                                  count=len(row), columns=columns))
        for j, score in enumerate(row):
            if (reason := inexact(score)) is not None:
                raise InvalidInput.on(f"table.{i}.{j}", reason)
    return len(table), columns


def _average_ranks(values: Sequence[Decimal]) -> tuple[list[Decimal], int]:
    """Ascending ranks 1..n, tied values sharing the average of their ranks; and ``sum(t^3 - t)``."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [Decimal(0)] * len(values)
    ties = 0
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        shared = Decimal(start + 1 + end + 1) / 2
        for position in range(start, end + 1):
            ranks[order[position]] = shared
        t = end - start + 1
        ties += t ** 3 - t
        start = end + 1
    return ranks, ties


# --------------------------------------------------------------------------------------------
# Checks and arithmetic
# --------------------------------------------------------------------------------------------

def _check_method(method: str) -> None:
    if method not in AGGREGATIONS:
        raise InvalidInput.on("aggregation", _("{method!r} is unknown; one of: {items}",
                                               method=method, items=', '.join(AGGREGATIONS)))


def _too_few_to_trim(count: int) -> str:
    if count == 1:
        return _("trimmed_mean (去掉一个最高分和一个最低分) drops one highest and one lowest sheet, so it needs at "
                 "least 3 sheets; there is {count} sheet", count=count)
    return _("trimmed_mean (去掉一个最高分和一个最低分) drops one highest and one lowest sheet, so it needs at least 3 "
             "sheets; there are {count} sheets", count=count)


def _checked(sheets: Sequence[Sheet]) -> list[Sheet]:
    """The sheets, or InvalidInput naming every bad one: not a Sheet, ids that are not whole numbers,
    a score that is not exact, or a second sheet of one expert for one application."""
    problems: dict[str, list[str]] = {}
    seen: dict[tuple[int, int], int] = {}
    for index, sheet in enumerate(sheets):
        if not isinstance(sheet, Sheet):
            problems[f"sheets.{index}"] = [_("must be a Sheet, not {error_type}",
                                             error_type=type(sheet).__name__)]
            continue
        ids_ok = True
        for name in ("expert_id", "application_id"):
            value = getattr(sheet, name)
            if isinstance(value, bool) or not isinstance(value, int):
                problems[f"sheets.{index}.{name}"] = [_("must be a whole number, not {error_type}",
                                                        error_type=type(value).__name__)]
                ids_ok = False
        if (reason := inexact(sheet.score)) is not None:
            problems[f"sheets.{index}.score"] = [reason]
        if not ids_ok:
            continue
        key = (sheet.expert_id, sheet.application_id)
        if key in seen:
            problems.setdefault("sheets", []).append(
                _("expert {expert} has two sheets for application {application} (sheets {first} and {second})",
                  expert=key[0], application=key[1], first=seen[key], second=index))
        else:
            seen[key] = index
    if problems:
        raise InvalidInput("the sheets cannot be used", fields=problems)
    return list(sheets)


def _by_application(sheets: Iterable[Sheet]) -> dict[int, dict[int, Decimal]]:
    """``{application_id: {expert_id: score}}``."""
    grouped: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for sheet in sheets:
        grouped[sheet.application_id][sheet.expert_id] = Decimal(sheet.score)
    return dict(grouped)




def _mean(values: Iterable[Decimal]) -> Decimal:
    items = list(values)
    return sum(items, Decimal(0)) / len(items)


def _pstdev(values: Iterable[Decimal]) -> Decimal:
    items = list(values)
    centre = _mean(items)
    return (sum(((x - centre) ** 2 for x in items), Decimal(0)) / len(items)).sqrt()


def _round(value: Decimal) -> Decimal:
    rounded = value.quantize(PLACES, rounding=ROUND_HALF_EVEN)
    return abs(rounded) if rounded.is_zero() else rounded


__all__ = ["AgreementReport", "ExpertLeniency", "PanelAgreement", "Sheet", "SheetLine", "StageResult",
           "aggregate", "agreement", "icc_2_1", "kendalls_w", "normalise", "stage_results"]
