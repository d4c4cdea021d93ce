"""Chinese first: every message a person reads, in zh-CN, with English second (issue 13).

The catalogue is ``core/i18n/locales/zh_CN/LC_MESSAGES/messages.po``: English msgids (the text the code
marks with :func:`core.engine.messages._`), Chinese msgstrs. English needs no catalogue: it is the msgid.
The .po file is read with Babel and compiled in memory once per process (no .mo file is committed or
built). ``python -m core.i18n.extract`` regenerates the catalogue from the source tree (docs/i18n.md).

:func:`render` turns a :class:`~core.engine.messages.Message` (or a plain string, looked up as its own
msgid) into the text of one locale; the values it holds are rendered too (a nested message is translated,
a date is written 2026年10月13日 in Chinese and 2026-10-13 in English).
"""
from __future__ import annotations

import datetime as dt
import functools
import io
import re
import string
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from core.engine.messages import N_, Message, _, message  # noqa: F401  (re-exported)

ZH_CN = "zh_CN"
EN = "en"
LOCALES = (ZH_CN, EN)
"""What a user may choose, in the order offered; the first is the default when nobody says."""
DEFAULT_LOCALE = ZH_CN
LOCALES_DIR = Path(__file__).with_name("locales")
DOMAIN = "messages"
CONTENT_LANGUAGE = {ZH_CN: "zh-CN", EN: "en"}
"""Each locale as a BCP 47 tag (``Content-Language``, ``<html lang>``)."""


def catalogue_path(locale: str = ZH_CN) -> Path:
    return LOCALES_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(locale: str) -> NullTranslations:
    """The compiled catalogue of ``locale`` (English and unknown locales: the msgids themselves)."""
    path = catalogue_path(locale)
    if locale == EN or not path.exists():
        return NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=locale, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def normalize(locale: str | None) -> str | None:
    """``zh-CN``, ``zh_cn``, ``zh`` -> ``zh_CN``; ``en-US`` -> ``en``; anything else -> None."""
    if not locale:
        return None
    tag = locale.strip().replace("-", "_").lower()
    if tag == "zh" or tag.startswith("zh_"):
        return ZH_CN
    if tag == "en" or tag.startswith("en_"):
        return EN
    return None


def negotiate(accept_language: Iterable[tuple[str, float]] | str | None, user_locale: str | None = None) -> str:
    """The locale to answer in: the user's stored setting, else the best of ``Accept-Language`` (parsed
    pairs of tag and quality, or the raw header), else Chinese."""
    if (chosen := normalize(user_locale)) is not None:
        return chosen
    if isinstance(accept_language, str):
        accept_language = _parse_accept(accept_language)
    for tag, quality in sorted(accept_language or (), key=lambda pair: -pair[1]):
        if quality <= 0:
            continue
        if tag == "*":
            return DEFAULT_LOCALE
        if (chosen := normalize(tag)) is not None:
            return chosen
    return DEFAULT_LOCALE


def _parse_accept(header: str) -> list[tuple[str, float]]:
    pairs = []
    for part in header.split(","):
        tag, _sep, rest = part.strip().partition(";")
        quality = 1.0
        match = re.search(r"q=([0-9.]+)", rest)
        if match:
            try:
                quality = float(match.group(1))
            except ValueError:
                quality = 0.0
        if tag:
            pairs.append((tag.strip(), quality))
    return pairs


def format_date(day: dt.date | dt.datetime, locale: str) -> str:
    """A day as its reader writes it: 2026年10月13日 in Chinese (the format of the exports,
    :func:`core.reports.xlsx.chinese_date`), 2026-10-13 in English (ISO 8601, as the API writes dates). A
    datetime is taken in Asia/Shanghai first."""
    from core.reports.xlsx import (
        chinese_date,  # the one Chinese date format of exports and notices
    )

    if locale == EN:
        if isinstance(day, dt.datetime):
            from core.platform.clock import SHANGHAI

            day = (day.astimezone(SHANGHAI) if day.tzinfo else day).date()
        return day.isoformat()
    return chinese_date(day)


def gettext(msgid: str, locale: str) -> str:
    return translations(locale).gettext(msgid)


def _value(value: Any, locale: str) -> Any:
    if isinstance(value, str):
        return render(value, locale) if isinstance(value, Message) else value
    if isinstance(value, (dt.date, dt.datetime)):
        return format_date(value, locale)
    return value


def render(text: Any, locale: str = DEFAULT_LOCALE) -> str:
    """``text`` in ``locale``: a :class:`Message` by its msgid and values, a plain string by lookup as its
    own msgid (or, for marshmallow's messages with values, by :data:`PATTERNS`); untranslated text stays
    as it is (English)."""
    if text is None:
        return ""
    if not isinstance(text, str):
        return str(text)
    if isinstance(text, Message) and text.params:
        translated = gettext(text.msgid, locale)
        values = {name: _value(value, locale) for name, value in text.params.items()}
        try:
            return translated.format(**values)
        except (KeyError, IndexError, ValueError):  # a broken msgstr never hides the message
            return text.msgid.format(**values)
    msgid = text.msgid if isinstance(text, Message) else str(text)
    translated = gettext(msgid, locale)
    return _by_pattern(msgid, locale) if translated == msgid else translated


def placeholders(text: str) -> set[str]:
    """The names of the ``{placeholders}`` in ``text`` (conversions and formats aside)."""
    names = set()
    for _literal, name, _spec, _conversion in string.Formatter().parse(text):
        if name is not None:
            names.add(re.split(r"[.\[]", name, maxsplit=1)[0])
    return names


# -- messages made elsewhere with their values already filled in (marshmallow's validators) ----------

PATTERNS: list[str] = []
"""Templates whose filled-in text is translated by matching (:func:`register_patterns`)."""


def register_patterns(templates: Iterable[str]) -> None:
    for template in templates:
        if template not in PATTERNS:
            PATTERNS.append(template)
    _compiled.cache_clear()


@functools.lru_cache(maxsize=1)
def _compiled() -> list[tuple[re.Pattern[str], str]]:
    out = []
    literal_length = lambda template: sum(len(part[0]) for part in string.Formatter().parse(template))
    for template in sorted(PATTERNS, key=literal_length, reverse=True):  # the most specific first
        regex = "".join(
            re.escape(literal) + (f"(?P<{name}>.+?)" if name else "")
            for literal, name, _spec, _conversion in string.Formatter().parse(template))
        out.append((re.compile(regex + r"\Z", re.DOTALL), template))
    return out


def _by_pattern(text: str, locale: str) -> str:
    if locale == EN:
        return text
    for regex, template in _compiled():
        match = regex.match(text)
        if match:
            return render(Message(template, **match.groupdict()), locale)
    return text
