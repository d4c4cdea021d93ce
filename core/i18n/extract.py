"""Regenerate the catalogue from the source tree with Babel's extractor.

    .venv/bin/python -m core.i18n.extract          # rewrite messages.po: new msgids added (empty msgstr),
                                                   # stale ones dropped, every translation kept
    .venv/bin/python -m core.i18n.extract --check  # exit 1 when a msgid lacks its Chinese or is stale
    .venv/bin/python -m core.i18n.extract --unmarked  # the raise sites still writing an f-string (docs/i18n.md)

What is extracted (``babel.cfg`` at the repository's root says the same for ``pybabel extract``):

- every ``_("...")`` and ``N_("...")`` (:mod:`core.engine.messages`);
- the literal message of a raised error, the first argument of ``InvalidInput(...)``, ``Conflict(...)``,
  ``PermissionDenied(...)`` and the other :mod:`core.errors` classes, the entity of ``NotFound("cycle", ...)``
  and the reason of ``InvalidInput.on(field, "reason")``: :class:`~core.engine.errors.DomainError` takes a
  plain string as its own msgid, so such a literal is translated without a marker;
- the message of ``refuse(status, code, "message", ...)`` (:mod:`api.blueprint`);
- ``{{ _("...") }}`` and ``{% trans %}`` in the board's Jinja templates.

An f-string cannot be extracted (Babel skips it): such a message stays English until it is rewritten as
``_("... {name} ...", name=...)``.
"""
from __future__ import annotations

import ast
import contextlib
import io
import re
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from core.i18n import DOMAIN, ZH_CN, catalogue_path

ROOT = Path(__file__).resolve().parents[2]
ERROR_CLASSES = ("DomainError", "InvalidInput", "Conflict", "NotFound", "AuthenticationFailed", "PermissionDenied",
                 "ServiceUnavailable", "RuleNotImplemented", "TenancyViolation")
KEYWORDS: dict[str, tuple[int, ...] | None] = {
    "_": None, "N_": None, "gettext": None,
    **{name: (1,) for name in ERROR_CLASSES},
    "on": (2,),          # InvalidInput.on(field, reason)
    "refuse": (3,),      # api.blueprint.refuse(status, code, message, errors)
}
METHOD_MAP = [
    ("api/board/templates/**.html", "jinja2"),
    ("api/**.py", "python"),
    ("core/**.py", "python"),
]
OPTIONS = {"api/board/templates/**.html": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}}
SKIP = ("core/i18n/extract.py",)


SKIPPED = re.compile(r"^(?P<file>\S+?):(?P<line>\d+): warning: Skipping f-string", re.MULTILINE)


def extracted(skipped: list[tuple[str, int]] | None = None, root: Path = ROOT) -> Iterator[tuple[str, int, str]]:
    """Every marked message in the tree: (file, line, msgid). The f-strings Babel skips (messages at a
    marked call that cannot be translated as written) are appended to ``skipped`` as (file, line)."""
    noise = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stderr(noise):
        warnings.simplefilter("ignore")
        found = list(extract_from_dir(str(root), METHOD_MAP, OPTIONS, keywords=KEYWORDS, strip_comment_tags=True))
    if skipped is not None:
        for match in SKIPPED.finditer(noise.getvalue()):
            skipped.append((str(Path(match["file"]).resolve().relative_to(root.resolve())), int(match["line"])))
    literals: dict[str, set[str]] = {}
    for filename, lineno, msg, _comments, _context in found:
        if filename in SKIP or not msg:
            continue
        msgid = msg[0] if isinstance(msg, tuple) else msg
        if not msgid:
            continue
        if filename.endswith(".py"):
            if filename not in literals:
                literals[filename] = literal_arguments(root / filename)
            if msgid not in literals[filename]:  # Babel joined the literals around an expression ("a: " + x)
                if skipped is not None:
                    skipped.append((filename, lineno))
                continue
        yield filename, lineno, msgid


PYTHON_ROOTS = ("api", "core")


def unmarked(root: Path = ROOT) -> list[tuple[str, int, str]]:
    """Every call at a keyword position (a raised error's message, ``InvalidInput.on``'s reason,
    ``refuse``'s message) whose text the catalogue cannot match: an f-string, a concatenation or a
    variable holding a plain string, as (file, line, source). What is left to mark."""
    out = []
    for top in PYTHON_ROOTS:
        for path in sorted((root / top).rglob("*.py")):
            name = str(path.relative_to(root))
            if name in SKIP:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            helpers = {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and _returns_marked(node)}
            plain = _plain_text_names(tree)
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or node.func is None:
                    continue
                func = node.func
                called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
                if called not in KEYWORDS or called in ("_", "N_", "gettext"):
                    continue
                for position in KEYWORDS[called] or (1,):
                    if len(node.args) < position:
                        continue
                    arg = node.args[position - 1]
                    if isinstance(arg, ast.Name) and arg.id in plain:
                        pass  # a variable the module sets to plain text somewhere: not marked
                    elif _marked(arg) or (isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name)
                                          and arg.func.id in helpers):
                        continue
                    out.append((name, arg.lineno, ast.unparse(arg)[:100]))
    return out


def _plain_text_names(tree: ast.Module) -> set[str]:
    """Names the module assigns unmarked text to (a literal, an f-string, a concatenation of them)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _is_plain_text(node.value):
            names.update(target.id for target in node.targets if isinstance(target, ast.Name))
    return names


def _is_plain_text(value: ast.expr) -> bool:
    if isinstance(value, ast.Constant):
        return isinstance(value.value, str)
    if isinstance(value, ast.JoinedStr):
        return True
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        return _is_plain_text(value.left) or _is_plain_text(value.right)
    return False


def _returns_marked(func: ast.FunctionDef) -> bool:
    """A module's helper that makes a message (``_too_few_to_trim(n)``): every ``return`` gives a marked one."""
    returns = [node.value for node in ast.walk(func) if isinstance(node, ast.Return) and node.value is not None]
    return bool(returns) and all(_marked(value) for value in returns)


def _marked(arg: ast.expr) -> bool:
    """A literal (extracted, translated by lookup), a ``_(...)`` call, or a name the module binds to one
    (``reason = _("...")`` ... ``InvalidInput.on(field, reason)``) is marked; anything else is not."""
    if isinstance(arg, ast.Constant):
        return isinstance(arg.value, str) or arg.value is None
    if isinstance(arg, ast.Call):
        func = arg.func
        return isinstance(func, ast.Name) and func.id in ("_", "N_")
    if isinstance(arg, ast.IfExp):
        return _marked(arg.body) and _marked(arg.orelse)
    # a value made elsewhere (a parameter, an attribute, a variable set to a marked message) is counted where
    # it is made; a variable the module sets to plain text is caught by unmarked()
    return isinstance(arg, (ast.Name, ast.Attribute, ast.Subscript))


def literal_arguments(path: Path) -> set[str]:
    """The string literals passed whole at a keyword's position in ``path`` (what the catalogue can match
    at run time), as Python reads them."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        if name not in KEYWORDS:
            continue
        positions = KEYWORDS[name] or (1,)
        for position in positions:
            if len(node.args) >= position:
                arg = node.args[position - 1]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    out.add(arg.value)
    return out


HEADER = """\
# 市长质量奖 (mayor-quality-award): every message a person reads, in Chinese (zh_CN).
# The msgids are the English the code marks; regenerate with `python -m core.i18n.extract` (docs/i18n.md),
# then give every new msgid its msgstr: tests/test_i18n.py fails on an empty or stale one."""


def template() -> Catalog:
    catalog = Catalog(domain=DOMAIN, project="mayor-quality-award", charset="utf-8")
    for filename, lineno, msgid in extracted():
        catalog.add(msgid, locations=[(filename, lineno)])
    return catalog


def current(locale: str = ZH_CN) -> Catalog:
    with catalogue_path(locale).open("rb") as po:
        return read_po(po, locale=locale, domain=DOMAIN)


def update(locale: str = ZH_CN) -> Catalog:
    """The catalogue of ``locale`` with every extracted msgid, its translations kept, the stale dropped."""
    path = catalogue_path(locale)
    old = current(locale) if path.exists() else Catalog(locale=locale, domain=DOMAIN)
    fresh = template()
    new = Catalog(locale=locale, domain=DOMAIN, project="mayor-quality-award", charset="utf-8", fuzzy=False,
                  header_comment=HEADER)
    for item in fresh:
        if not item.id:
            continue
        known = old.get(item.id)
        new.add(item.id, string=known.string if known is not None else "", locations=item.locations)
    return new


def write(catalog: Catalog, locale: str = ZH_CN) -> None:
    path = catalogue_path(locale)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as po:
        write_po(po, catalog, width=120, sort_output=False, omit_header=False, include_lineno=False)


def problems(locale: str = ZH_CN, *, root: Path = ROOT, catalog: Catalog | None = None) -> tuple[list[str], list[str]]:
    """(msgids extracted from the tree at ``root`` without a translation in ``catalog`` (default: the
    catalogue of ``locale``), msgids in the catalogue nothing marks)."""
    have = {item.id: item.string for item in (catalog if catalog is not None else current(locale)) if item.id}
    wanted = {msgid for _file, _line, msgid in extracted(root=root)}
    missing = sorted(msgid for msgid in wanted if not have.get(msgid))
    stale = sorted(set(have) - wanted)
    return missing, stale


def main(argv: list[str]) -> int:
    if "--unmarked" in argv:
        left = unmarked()
        for path, line, source in left:
            print(f"{path}:{line}: {source}")
        print(f"{len(left)} raise sites whose message the catalogue cannot match")
        return 0
    if "--check" in argv:
        missing, stale = problems()
        for msgid in missing:
            print(f"missing zh_CN: {msgid!r}")
        for msgid in stale:
            print(f"stale: {msgid!r}")
        return 1 if missing or stale else 0
    catalog = update()
    write(catalog)
    untranslated = sum(1 for item in catalog if item.id and not item.string)
    print(f"{catalogue_path()}: {sum(1 for item in catalog if item.id)} messages, {untranslated} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
