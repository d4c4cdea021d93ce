"""第二十一条 rewards; 第二十四条: an organisation that won the award and wins again gets no bonus.

* First-time organisations: public commendation (通报表扬), plaque, certificate, and 200,000
  yuan (award) or 100,000 yuan (nomination). "首次……分别给予20万元和10万元" is read per tier:
  an organisation with a nomination before that now wins the award wins the award for the
  first time and receives 200,000. [reading: first_time_per_tier]
* An organisation that already won the award (not revoked) could apply again only under
  第二十四条 (after 3 full years), and "经评审再次获奖的组织……不颁发奖金" whichever tier this win is
  in: winning the award again, or only the nomination, pays no bonus (citing 第二十四条). Winning the
  nomination still takes a place of that tier (see ``quotas``).
  [reading: no_bonus_after_award_any_tier]
* 第二十一条 grants the commendation, plaque and certificate to first-time winners; 第二十四条 only
  adds that re-winners get no bonus. Re-winners (and a second nomination) are given the title
  only. [reading: re_winner_title_only]
* A second nomination is not a first-time nomination: 第二十一条 gives the bonus to first-time
  winners only, so title only, citing 第二十一条.
* Individuals: commendation, plaque and certificate, never money (the text sets no amount);
  individuals cannot win the nomination (第二条).
A revoked earlier award does not count (title and bonus were taken back).
[reading: revoked_award_not_counted]
Earlier awards are counted by cycle year; their exact dates are not needed here.
"""
from __future__ import annotations

from typing import Sequence

from core.sdk import INDIVIDUAL, ORGANIZATION, InvalidInput, PastAward, RewardDecision
from plugins.rugao.articles import cite

BONUS_YUAN = {"award": 200_000, "nomination": 100_000}
TITLE = "title"
PUBLIC_COMMENDATION = "public_commendation"   # 通报表扬
PLAQUE = "plaque"                             # 奖牌
CERTIFICATE = "certificate"                   # 证书
HONOURS = (TITLE, PUBLIC_COMMENDATION, PLAQUE, CERTIFICATE)
TIER_NAMES = {"award": "市长质量奖", "nomination": "市长质量奖提名奖"}


def reward(version: str, tier: str, entry_kind: str, history: Sequence[PastAward]) -> RewardDecision:
    if tier not in BONUS_YUAN:
        raise InvalidInput.on("tier", f"rugao tiers: {', '.join(BONUS_YUAN)}")
    if entry_kind not in (ORGANIZATION.code, INDIVIDUAL.code):
        raise InvalidInput.on("entry_kind", f"rugao entry kinds: {ORGANIZATION.code}, {INDIVIDUAL.code}")
    name = TIER_NAMES[tier]
    if entry_kind == INDIVIDUAL.code:
        if tier != "award":
            raise InvalidInput.on("tier", f"rugao/{version} 第二条: the nomination award is for organisations only")
        return RewardDecision(0, HONOURS, cite(version, "reward"), "获奖个人予以通报表扬，颁发奖牌和证书，不设奖金")
    kept = [a for a in history if a.revoked_on is None]
    awards = [a for a in kept if a.tier == "award"]
    if awards:
        first = min(a.cycle_year for a in awards)
        place = ("不占用当年奖项名额" if tier == "award"
                 else "提名奖仍占用当年提名奖名额")
        return RewardDecision(0, (TITLE,), cite(version, "reapplication"),
                              f"{first}年已获市长质量奖，经重新申报再次获奖（{name}），不颁发奖金；{place}")
    same = [a for a in kept if a.tier == tier]
    if same:
        first = min(a.cycle_year for a in same)
        return RewardDecision(0, (TITLE,), cite(version, "reward"),
                              f"{first}年已获{name}，非首次获得，不再予以表扬和奖金")
    return RewardDecision(BONUS_YUAN[tier], HONOURS, cite(version, "reward"),
                          f"首次获得{name}的组织：通报表扬，颁发奖牌和证书，奖金{BONUS_YUAN[tier] // 10_000}万元")
