"""Messages a person reads, translated when they are shown, not when they are made.

An error is raised deep in core, long before anyone knows who will read it or in which language.
:func:`_` marks a message (its English text is the catalogue's msgid, with named placeholders) and
returns a :class:`Message`: a ``str`` whose value is the English text with the values filled in, so
every caller that treats a message as text keeps working, and which also keeps the msgid and the values,
so :mod:`core.i18n` can render it in the reader's language at the last moment (the API's error envelope,
a notification for its recipient).

The engine imports nothing of the rest of core; this module imports nothing at all.
"""
from __future__ import annotations

from typing import Any


class Message(str):
    """English text that remembers its msgid and values (see :func:`_`).

    ``Message("tenant {code} is suspended", code="nt")`` equals ``"tenant nt is suspended"``. A message
    made from a plain string (no values) is its own msgid: ``DomainError("the cycle is closed")`` is looked
    up in the catalogue as it is."""

    msgid: str
    params: dict[str, Any]

    def __new__(cls, msgid: str, /, **params: Any) -> Message:
        text = msgid.format(**params) if params else msgid
        self = super().__new__(cls, text)
        self.msgid = str(msgid)
        self.params = params
        return self

    def __reduce__(self):  # type: ignore[override]  # pickles (jobs' errors) keep the msgid and values
        return (_rebuild, (self.msgid, self.params))


def _rebuild(msgid: str, params: dict[str, Any]) -> Message:
    return Message(msgid, **params)


def _(msgid: str, /, **params: Any) -> Message:
    """Mark ``msgid`` (English, with ``{named}`` placeholders) for translation; the values fill the
    placeholders when the message is rendered, in the reader's language. Babel extracts every ``_("...")``
    (see docs/i18n.md): write the msgid as one literal, never an f-string."""
    return Message(msgid, **params)


def N_(msgid: str, /) -> str:
    """Mark a literal for extraction without making a :class:`Message` (lists of texts translated later
    by lookup, e.g. marshmallow's own field messages)."""
    return msgid


def message(text: str | Message) -> Message:
    """``text`` as a :class:`Message` (a plain string becomes its own msgid)."""
    return text if isinstance(text, Message) else Message(text)
