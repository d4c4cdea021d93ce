"""The notification interface: an in-app inbox always, and email when SMTP is configured.

:func:`send` writes the inbox row in the caller's transaction; with an address it marks the email
``pending``. :func:`deliver` sends the pending emails once the caller has committed (so a message whose
transaction rolled back is never emailed, and no lock is held while the SMTP server answers) and records
whether each went: a failed email is recorded, never raised; the inbox still holds the message, and the
office sees ``email_status = failed``.

A subject or body marked for translation (:func:`core.engine.messages._`) is written in the recipient's
language (their stored ``locale``, else Chinese) when it is sent: the inbox and the email keep that text.
"""
from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from typing import Callable
from urllib.parse import unquote, urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import i18n
from core.engine.messages import Message
from core.errors import NotFound
from core.platform import audit, clock
from core.platform.config import Settings
from core.platform.models import Notification, User
from core.platform.paging import DEFAULT_LIMIT, Page, keyset_page

Mailer = Callable[[str, str, str], None]
"""``mailer(to, subject, body)``: raises on failure."""


def smtp_mailer(settings: Settings) -> Mailer | None:
    """A mailer for ``MQA_SMTP_URL`` (``smtp://user:pass@host:port``, ``smtps://`` for TLS), or None."""
    if not settings.smtp_url:
        return None
    url = urlsplit(settings.smtp_url)
    secure = url.scheme == "smtps"
    host, port = url.hostname or "localhost", url.port or (465 if secure else 25)

    def send_mail(to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = settings.mail_from, to, subject
        message.set_content(body)
        client = smtplib.SMTP_SSL(host, port, context=ssl.create_default_context(), timeout=10) if secure \
            else smtplib.SMTP(host, port, timeout=10)
        with client:
            if url.username:
                client.login(unquote(url.username), unquote(url.password or ""))
            client.send_message(message)

    return send_mail


def send(session: Session, user_id: int, *, topic: str, subject: str, body: str,
         target: tuple[str, object] | None = None, email_to: str | None = None,
         mailer: Mailer | None = None, locale: str | None = None) -> Notification:
    """Put a message in ``user_id``'s inbox (the session's tenant); email it too when both an address
    and a mailer are given. A :class:`~core.engine.messages.Message` subject or body is rendered in the
    recipient's language (``locale`` when the caller has read it already, else their stored setting)."""
    if isinstance(subject, Message) or isinstance(body, Message):
        locale = i18n.negotiate(None, locale) if locale else recipient_locale(session, user_id)
        subject, body = i18n.render(subject, locale), i18n.render(body, locale)
    row = Notification(user_id=user_id, topic=topic, subject=subject[:200], body=body,
                       target_type=target[0] if target else None, target_id=str(target[1]) if target else None,
                       email_to=email_to or None, email_status="pending" if email_to and mailer else "none")
    session.add(row)
    session.flush()
    return row


def recipient_locale(session: Session, user_id: int | None) -> str:
    """The language ``user_id`` reads (their stored setting; Chinese when unset or unknown)."""
    stored = session.scalar(select(User.locale).where(User.id == user_id)) if user_id is not None else None
    return i18n.negotiate(None, stored)


def deliver(session: Session, mailer: Mailer | None, notification_ids: list[int]) -> int:
    """Email the committed messages still ``pending`` among ``notification_ids``; how many went."""
    if mailer is None or not notification_ids:
        return 0
    sent = 0
    for row in session.scalars(select(Notification).where(Notification.id.in_(notification_ids),
                                                          Notification.email_status == "pending")):
        try:
            mailer(row.email_to or "", row.subject, row.body)
            row.email_status, sent = "sent", sent + 1
        except Exception as exc:  # noqa: BLE001 - the inbox keeps the message; the failure is recorded
            row.email_status, row.email_error = "failed", f"{type(exc).__name__}: {exc}"[:500]
        session.commit()
    return sent


def inbox_page(session: Session, user_id: int, *, limit: int = DEFAULT_LIMIT,
               cursor: str | None = None) -> Page[Notification]:
    """A user's messages, newest first (served by ``(tenant_id, user_id, id)``)."""
    stmt = select(Notification).where(Notification.user_id == user_id)
    return keyset_page(session, stmt, [Notification.id], limit=limit, cursor=cursor, descending=True)


def mark_read(session: Session, user_id: int, notification_id: int) -> Notification:
    row = session.execute(select(Notification).where(Notification.id == notification_id,
                                                     Notification.user_id == user_id)).scalar_one_or_none()
    if row is None:
        raise NotFound("notification", notification_id)
    if row.read_at is None:
        row.read_at = clock.now()
        audit.record(session, None, "notification.read", "notification", row.id, details={"user_id": user_id})
        session.commit()
    return row
