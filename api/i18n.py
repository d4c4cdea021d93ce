"""The language of each answer: the user's stored setting, else ``Accept-Language``, else Chinese.

Every response says which in ``Content-Language``. The error envelope's ``message`` and its reasons per
field are rendered in it (:mod:`api.errors`), and so are the public board's pages (Jinja2's i18n
extension, with this module's gettext and a ``day`` filter writing 2026年10月13日)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask, Response, has_request_context, request

from core import i18n
from core.engine.messages import N_

USER_LOCALE = "mqa_user_locale"
"""Set on the request by :func:`api.blueprint.authenticated`: the caller's stored ``locale`` (or None)."""
_CHOSEN = "mqa_locale"


def request_locale() -> str:
    """The locale of the current request (Chinese outside one)."""
    if not has_request_context():
        return i18n.DEFAULT_LOCALE
    user_locale = getattr(request, USER_LOCALE, None)
    chosen = getattr(request, _CHOSEN, None)
    if chosen is None or chosen[0] != user_locale:  # the user is known only once the view authenticated them
        chosen = (user_locale, i18n.negotiate(list(request.accept_languages), user_locale))
        setattr(request, _CHOSEN, chosen)
    return chosen[1]


def render(text: Any) -> str:
    return i18n.render(text, request_locale())


def gettext(msgid: str, **values: Any) -> str:
    """Jinja's ``_()``/``{% trans %}`` (new-style: values fill ``%(name)s``)."""
    text = i18n.gettext(msgid, request_locale())
    return text % values if values else text


def ngettext(singular: str, plural: str, n: int, **values: Any) -> str:
    text = i18n.translations(request_locale()).ngettext(singular, plural, n)
    values.setdefault("num", n)
    return text % values


def day(value: dt.date | dt.datetime | None) -> str:
    """A date as the reader writes it (the board's dates: 2026年10月13日 by default)."""
    return "" if value is None else i18n.format_date(value, request_locale())


def content_language(response: Response) -> Response:
    response.headers.setdefault("Content-Language", i18n.CONTENT_LANGUAGE[request_locale()])
    vary = response.headers.get("Vary", "")
    if "accept-language" not in vary.lower():
        response.headers["Vary"] = f"{vary}, Accept-Language" if vary else "Accept-Language"
    return response


def install(app: Flask) -> None:
    app.after_request(content_language)
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    app.jinja_env.filters["day"] = day
    app.jinja_env.globals["html_lang"] = lambda: i18n.CONTENT_LANGUAGE[request_locale()]


# -- marshmallow's own field messages, translated in the error envelope --------------------------------

MARSHMALLOW_MESSAGES = [
    N_("Missing data for required field."), N_("Field may not be null."), N_("Invalid value."),
    N_("Not a valid boolean."), N_("Not a valid integer."), N_("Not a valid number."), N_("Not a valid string."),
    N_("Not a valid date."), N_("Not a valid datetime."), N_("Not a valid time."), N_("Not a valid list."),
    N_("Not a valid mapping type."), N_("Not a valid email address."), N_("Not a valid URL."), N_("Not a valid UUID."),
    N_("Not a valid tuple."), N_("Not a valid utf-8 string."), N_("Not a valid period of time."),
    N_("Invalid type."), N_("Invalid input."), N_("Invalid input type."), N_("Unknown field."),
    N_("Number too large."), N_("String does not match expected pattern."),
    N_("Special numeric values (nan or infinity) are not permitted."),
]
"""Their texts as marshmallow writes them: translated by lookup (see :func:`core.i18n.render`)."""

MARSHMALLOW_TEMPLATES = [
    N_("Must be one of: {choices}."), N_("Length must be between {min} and {max}."), N_("Length must be {equal}."),
    N_("Longer than maximum length {max}."), N_("Shorter than minimum length {min}."), N_("Must be equal to {other}."),
    N_("Must be greater than {min} and less than {max}."),
    N_("Must be greater than {min} and less than or equal to {max}."),
    N_("Must be greater than or equal to {min} and less than {max}."),
    N_("Must be greater than or equal to {min} and less than or equal to {max}."),
    N_("Must be greater than {min}."), N_("Must be greater than or equal to {min}."),
    N_("Must be less than {max}."), N_("Must be less than or equal to {max}."),
    N_("Not a valid {obj_type}."), N_("\"{input}\" cannot be formatted as a {obj_type}."),
    N_("\"{input}\" cannot be formatted as a date."),
    N_("must be at least {min} and at most {max} characters"),
    # core/platform/permissions.py writes its 403 as an f-string (a file this issue did not change): matched here
    N_("role {role} lacks the permission {permission}"),
]
"""marshmallow's messages with values filled in: translated by matching the template, then its values."""
i18n.register_patterns(MARSHMALLOW_TEMPLATES)
