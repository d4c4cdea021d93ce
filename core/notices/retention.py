"""Erasing personal data once the tenant's retention period is over (``personal_data_retention_days``).

Stored export files (the tenant archive, the cycle and committee workbooks) made before the period began
are deleted too: they copy names, facts and contact details that would otherwise outlive their erasure.

Erased: an objector's name and contact details, the account they filed from, and the bytes of their
evidence files, counted from the day the notice closed (or its last day, if it never closed); the contact details (person, phone, email) of applicants who won nothing, counted
from the day the last cycle they applied in closed. Kept: what the decisions rest on (the objection's
grounds and outcome, the files' names and SHA-256, the applicant's name and code, which later
eligibility checks read). The audit trail never held the erased data, so it records that an erasure
ran, with counts, and its chain verifies as before.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from core.applications.models import Applicant, Application
from core.awards.models import LedgerAward
from core.cycles.models import Cycle, CycleStatus
from core.engine.settings import PERSONAL_DATA_RETENTION
from core.notices.models import Notice, NoticeStatus, Objection, ObjectionFile
from core.platform import audit, clock
from core.platform.jobs import JobContext, task
from core.platform.models import TenantSetting
from core.platform.services import exports

ERASURE_KIND = "personal_data_erasure"


def retention_days(session: Session) -> int | None:
    row = session.execute(select(TenantSetting).where(TenantSetting.key == PERSONAL_DATA_RETENTION)
                          ).scalar_one_or_none()
    return int(row.value) if row is not None and row.value is not None else None


def erase(session: Session, *, today: dt.date | None = None, exports_root: Path | None = None) -> dict[str, Any]:
    """Erase what the session's tenant keeps past its retention period; nothing while the period is unset.
    ``exports_root``: where the directory storage keeps export files (the runtime's ``exports_path``)."""
    today = today or clock.today()
    days = retention_days(session)
    if days is None:
        return {"erased": False, "reason": f"{PERSONAL_DATA_RETENTION} is not set: nothing is erased until the "
                                           "office sets how long personal data is kept"}
    cutoff_day = today - dt.timedelta(days=days)
    cutoff = dt.datetime.combine(cutoff_day, dt.time.min, tzinfo=clock.SHANGHAI)
    now = clock.now()
    # Counted from the day the notice closed, or from its last day where it never closed (a notice
    # abandoned open must not keep objectors' data for ever).
    ended = (Notice.status == NoticeStatus.CLOSED) & (Notice.closed_at < cutoff) | (Notice.ends_on < cutoff_day)
    objections = list(session.scalars(
        select(Objection).join(Notice, Notice.id == Objection.notice_id)
        .where(ended, Objection.erased_at.is_(None))))
    for row in objections:
        row.objector_name = row.objector_contact = row.filed_by_id = None
        row.erased_at = now
        for upload in session.scalars(select(ObjectionFile).where(ObjectionFile.objection_id == row.id)):
            upload.content = None
    won = exists().where(LedgerAward.application_id == Application.id)
    still_running = exists().where(Cycle.id == Application.cycle_id,
                                   (Cycle.status != CycleStatus.CLOSED) | (Cycle.closed_at >= cutoff))
    losers = select(Application.applicant_id).where(won).union(select(Application.applicant_id).where(still_running))
    applicants = list(session.scalars(
        select(Applicant).where(Applicant.personal_data_erased_at.is_(None), Applicant.id.not_in(losers),
                                exists().where(Application.applicant_id == Applicant.id))))
    for applicant in applicants:
        applicant.contact_name = applicant.contact_phone = applicant.contact_email = ""
        applicant.personal_data_erased_at = now
    discarded = exports.discard_before(session, cutoff, exports_root)
    counts = {"objections": len(objections), "applicants": len(applicants), "exports": len(discarded)}
    if objections or applicants or discarded:
        audit.record(session, None, "personal_data.erased", "tenant", None,
                     details={**counts, "retention_days": days, "before": cutoff.date().isoformat(),
                              "objection_ids": [o.id for o in objections],
                              "applicant_ids": [a.id for a in applicants], "export_job_ids": discarded})
    session.commit()
    return {"erased": True, "retention_days": days, **counts}


@task(ERASURE_KIND)
def erase_job(ctx: JobContext) -> dict[str, Any]:
    return erase(ctx.session, exports_root=ctx.runtime.settings.exports_path)
