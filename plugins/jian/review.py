"""The review: the expert pool (第八条（三）) and what each review stage scores (第六条, 第十三条（四）–（六）).

Experts. 第八条（三） has the office build an expert pool and choose experts for the review group, but
states no condition an expert must meet; 第二十三条 asks the bodies and people doing the review to keep
secrets, keep discipline and be impartial, which are duties while reviewing, not conditions of the
pool. So no qualification is listed [reading: no_expert_qualifications].

Scoring sheets. 第六条 adopts the latest edition of GB/T 19580 (with GB/Z 19579) as the review
standard; the latest edition is GB/T 19580-2012, whose seven categories score out of 1000 points, the
scale every stage is scored on (``scoring``, [reading: scale_gbt19580]).

* Organisations: the materials review (（四）), the presentation and defence (（五）, "评议打分") and the
  on-site review (（六）) each score the seven categories with the points of the 2012 edition, cited to
  第六条 with a note saying the points are the standard's [reading: gbt19580_latest_sheets]. The
  defence only admits to the on-site review and the text gives no mark to pass it, so its sheet has no
  ``pass_mark``: the panel decides who passes [reading: defence_is_gate].
* Individuals (materials review, on-site review; no defence): one score out of 1000 against the
  individual conditions of 第十一条, GB/T 19580 being a standard for organisations
  [reading: individual_single_score].
* The text does not say how the experts' scores combine (（六）（七） rank by the comprehensive score,
  which is about stages, not experts): ``aggregation`` is None, the office's setting decides.
"""
from __future__ import annotations

from core.sdk import GBT_19580_2012, INDIVIDUAL, ORGANIZATION, ExpertQualification, ScoreItem, ScoreSheet, standard_items
from plugins.jian.articles import cite
from plugins.jian.cycle import MATERIALS, ON_SITE, PRESENTATION_GATE
from plugins.jian.scoring import SCALE

POINTS_NOTE = "类目分值为GB/T 19580最新版本（GB/T 19580-2012）规定的分值，合计1000分"
STAGE_ITEMS = {MATERIALS: "（四）", PRESENTATION_GATE: "（五）", ON_SITE: "（六）"}
STAGES_OF = {ORGANIZATION.code: (MATERIALS, PRESENTATION_GATE, ON_SITE), INDIVIDUAL.code: (MATERIALS, ON_SITE)}
"""（五）: only organisations present and defend."""


def expert_qualifications(version: str) -> tuple[ExpertQualification, ...]:
    return ()


def score_sheet(version: str, stage: str, entry_kind: str) -> ScoreSheet | None:
    if stage not in STAGES_OF.get(entry_kind, ()):
        return None
    if entry_kind == ORGANIZATION.code:
        standard = cite(version, "第六条", None, POINTS_NOTE)
        items = standard_items(GBT_19580_2012, standard)
    else:  # individuals
        items = (ScoreItem("overall", "个人综合评分（对照第十一条个人条件）", SCALE, cite(version, "第十一条")),)
    return ScoreSheet(stage, entry_kind, items, cite(version, "第十三条", STAGE_ITEMS[stage]))
