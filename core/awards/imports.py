"""Import an office's pre-system winners and sanctions into its ledger from a spreadsheet.

The file is an xlsx workbook (its first sheet) or a CSV file (UTF-8 with or without a BOM, or
GB18030, as Excel saves it on a Chinese Windows). The first non-empty row names the columns; a
column is found by its Chinese header or an English alias (case and surrounding spaces ignored):

==========================  ==========================  ==========================================
column                      aliases                     meaning
==========================  ==========================  ==========================================
类别                        记录类型, record, type       获奖 (award) or 处罚 (sanction): required
名称                        姓名, name                   the organisation's or the person's name
统一社会信用代码            uscc                         an organisation's code (GB 32100-2015)
工作单位                    employer, employer_name      a person's employer
工作单位统一社会信用代码    employer_uscc                the employer's code
申报类型                    subject_kind, entry_kind     组织 (organization) or 个人 (individual)
奖项                        tier                         a tier's code or name (awards)
类别/行业                   行业, category               a category's code or name, if any (awards)
届次/年度                   届次, 年度, cycle_year       the cycle year, e.g. 2021 (awards)
获奖日期                    awarded_on                   the award day (awards; empty when unknown)
撤销日期                    revoked_on                   the day the award was revoked, if it was
处罚种类                    sanction_kind, kind          a violation's code or description (sanctions)
决定日期                    decided_on                   the day of the sanction decision (sanctions)
禁止申报截止日期            ban_until                    the last day of the ban, if any (sanctions)
备注                        note                         free text
==========================  ==========================  ==========================================

Dates may be spreadsheet dates or text (2021-05-01, 2021/5/1, 2021.5.1, 2021年5月1日). A dry run
lists every problem of every row (``{row, field, problem}``, rows numbered as the spreadsheet shows
them) and writes nothing. A real run writes all rows or none: any problem refuses the whole file.
Rows written together carry one ``import_batch`` id and one audit event records the counts.

A row the ledger already holds (the same subject and, for an award, tier and cycle year; for a
sanction, violation and day of decision) with the same values is answered in ``existing`` and not
written again, so the workbook of ``GET /api/v1/ledger/workbook`` (:mod:`core.reports.ledger_sheet`)
reads back cleanly; such a row with another value in a column is a problem naming that column (an
import adds rows, it never changes one), as is a row repeating an earlier row of the file.

The readers (:func:`sheet_cells`, :func:`cell_text`, :func:`cell_date`) are shared with the other
spreadsheet imports (:mod:`core.reports.expert_pool`).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import uuid
from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, load_only

from core.awards import ledger
from core.awards.models import LedgerAward, LedgerSanction, LedgerSource
from core.engine.plugins import JurisdictionRegistry, JurisdictionRules
from core.errors import InvalidInput
from core.platform import audit
from core.platform.permissions import Principal
from core.engine.messages import _

MAX_ROWS = 10_000
MAX_BYTES = 5 * 1024 * 1024
CSV_TYPES = ("text/csv", "application/csv")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEDIA_TYPES = ("text/csv", XLSX_TYPE)

COLUMNS: dict[str, tuple[str, ...]] = {
    "record": ("类别", "记录类型", "record", "type"),
    "name": ("名称", "姓名", "name"),
    "uscc": ("统一社会信用代码", "uscc"),
    "employer_name": ("工作单位", "employer", "employer_name"),
    "employer_uscc": ("工作单位统一社会信用代码", "employer_uscc"),
    "subject_kind": ("申报类型", "subject_kind", "entry_kind"),
    "tier": ("奖项", "tier"),
    "category": ("类别/行业", "行业", "category"),
    "cycle_year": ("届次/年度", "届次", "年度", "cycle_year"),
    "awarded_on": ("获奖日期", "awarded_on"),
    "revoked_on": ("撤销日期", "revoked_on"),
    "kind": ("处罚种类", "sanction_kind", "kind"),
    "decided_on": ("决定日期", "decided_on"),
    "ban_until": ("禁止申报截止日期", "ban_until"),
    "note": ("备注", "note"),
}
HEADERS = {alias.strip().lower(): field for field, aliases in COLUMNS.items() for alias in aliases}
RECORDS = {"获奖": "award", "award": "award", "处罚": "sanction", "sanction": "sanction"}
SUBJECTS = {"组织": "organization", "organization": "organization", "个人": "individual", "individual": "individual"}
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_YEAR = re.compile(r"^(?:第)?\s*(\d{4})\s*(?:年|年度|届)?$")
MAX_CELL = 500


def _cells_csv(content: bytes) -> Iterator[list[Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("gb18030")
        except UnicodeDecodeError:
            raise InvalidInput.on("_body", "the CSV file is neither UTF-8 nor GB18030 text") from None
    if "\x00" in text:
        raise InvalidInput.on("_body", "the CSV file contains a NUL character: is it really a CSV file?")
    try:
        yield from csv.reader(io.StringIO(text, newline=""))
    except csv.Error as exc:
        raise InvalidInput.on("_body", _("the CSV file cannot be read: {reason}", reason=str(exc))) from None


MAX_COLUMNS = 64
"""Columns read of a row: more than any import names (the rest of a wide row is ignored)."""
MAX_UNPACKED = 64 * 1024 * 1024
"""What an xlsx may hold once unzipped (a small zip can inflate a thousandfold)."""


def _at_most(rows: Iterator[list[Any]], most: int) -> Iterator[list[Any]]:
    for number, row in enumerate(rows, start=1):
        if number > most:
            raise InvalidInput.on("_body", _("the file has more than {most} rows; split it", most=most))
        yield row


def _cells_xlsx(content: bytes) -> Iterator[list[Any]]:
    import zipfile

    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise InvalidInput.on("_body", "the file is not a readable xlsx workbook") from None
    if unpacked > MAX_UNPACKED:
        raise InvalidInput.on("_body", _("the workbook holds {size} bytes once unzipped; at most {most} are accepted",
                                         size=unpacked, most=MAX_UNPACKED))
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - a broken zip, a missing part, XML a parser refuses: all "not a workbook"
        raise InvalidInput.on("_body", "the file is not a readable xlsx workbook") from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            return
        sheet.reset_dimensions()  # the declared dimension is the file's word: never pad rows to it
        for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            yield list(values)
    finally:
        book.close()


def sheet_cells(content: bytes, media_type: str, max_rows: int = MAX_ROWS) -> Iterator[list[Any]]:
    """The cells of every row of an xlsx workbook's first sheet or of a CSV file, as read (shared by the
    imports of :mod:`core.reports`); an unknown media type is refused naming ``Content-Type``. Blank rows
    count too: a file of more than ``max_rows`` rows and as many again blank is refused as it is read."""
    if media_type == XLSX_TYPE:
        return _at_most(_cells_xlsx(content), 2 * max_rows + 1)
    if media_type in CSV_TYPES:
        return _at_most(_cells_csv(content), 2 * max_rows + 1)
    raise InvalidInput.on("Content-Type", _("send the file as text/csv or {xlsx}, not {given}", xlsx=XLSX_TYPE,
                                            given=media_type or "nothing"))


def cell_text(value: Any) -> str | None:
    """A cell as trimmed text (a whole float as an integer), None when empty."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def cell_date(value: Any, field: str, row: int, problems: list[ledger.Problem]) -> dt.date | None:
    """A spreadsheet date or a date written as text; a problem (and None) for anything else."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    if text is None:
        return None
    match = _DATE.match(text)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    problems.append(ledger.Problem(row, field, _("{text} is not a date such as 2021-05-01",
                                                    text=repr(text[:40]))))
    return None


def _year(value: Any, row: int, problems: list[ledger.Problem]) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = cell_text(value)
    if text is None:
        return None
    match = _YEAR.match(text)
    if match is None:
        problems.append(ledger.Problem(row, "cycle_year", _("{text} is not a year such as 2021",
                                                                 text=repr(text[:40]))))
        return None
    return int(match[1])


def _code(value: str | None, known: dict[str, str]) -> str | None:
    """A code given as the code itself or as its name."""
    if value is None:
        return None
    return known.get(value, known.get(value.lower(), value))


def _read_row(rules: JurisdictionRules, cells: dict[str, Any], row: int) -> tuple[str | None, dict[str, Any],
                                                                                list[ledger.Problem]]:
    j = rules.jurisdiction
    problems: list[ledger.Problem] = []
    for field, value in cells.items():
        if isinstance(value, str) and (len(value) > MAX_CELL or "\x00" in value):
            problems.append(ledger.Problem(row, field, _("more than {most} characters, or a NUL character",
                                                               most=MAX_CELL)))
            cells[field] = None
    record = RECORDS.get((cell_text(cells.get("record")) or "").lower())
    if record is None:
        problems.append(ledger.Problem(row, "record", _("类别 must be 获奖 (award) or 处罚 (sanction), not {given}",
                                                        given=repr((cell_text(cells.get("record")) or "")[:40]))))
    subject = cell_text(cells.get("subject_kind"))
    kinds = {k.name: k.code for k in j.entry_kinds} | {k.code: k.code for k in j.entry_kinds} | SUBJECTS
    subject_kind = _code(subject, kinds)
    data: dict[str, Any] = {
        "subject_kind": SUBJECTS.get(subject_kind or "", subject_kind), "entry_kind": subject_kind,
        "name": cell_text(cells.get("name")), "uscc": cell_text(cells.get("uscc")),
        "employer_name": cell_text(cells.get("employer_name")), "employer_uscc": cell_text(cells.get("employer_uscc")),
        "note": cell_text(cells.get("note")) or "",
    }
    if subject is None:
        problems.append(ledger.Problem(row, "subject_kind", _("申报类型 is required: 组织 or 个人")))
    if record == "award":
        data["tier"] = _code(cell_text(cells.get("tier")), {t.name: t.code for t in j.tiers})
        data["category"] = _code(cell_text(cells.get("category")), {c.name: c.code for c in j.categories})
        data["cycle_year"] = _year(cells.get("cycle_year"), row, problems)
        data["awarded_on"] = cell_date(cells.get("awarded_on"), "awarded_on", row, problems)
        data["revoked_on"] = cell_date(cells.get("revoked_on"), "revoked_on", row, problems)
        if data["cycle_year"] is None and data["awarded_on"] is not None:
            data["cycle_year"] = data["awarded_on"].year
        found = {p.field for p in problems}
        problems += [p for p in ledger.award_problems(rules, data, row)
                     if p.field not in found and not (p.field == "subject_kind" and subject is None)]
    elif record == "sanction":
        known = {v.description: code for code, v in ledger.violations(rules).items()}
        data["kind"] = _code(cell_text(cells.get("kind")), known)
        data["decided_on"] = cell_date(cells.get("decided_on"), "decided_on", row, problems)
        data["ban_until"] = cell_date(cells.get("ban_until"), "ban_until", row, problems)
        found = {p.field for p in problems}
        problems += [p for p in ledger.sanction_problems(rules, data, row)
                     if p.field not in found and not (p.field == "subject_kind" and subject is None)]
    return record, data, problems


def read_file(rules: JurisdictionRules, content: bytes,
              media_type: str) -> tuple[int, list[tuple[int, str, dict[str, Any]]], list[ledger.Problem]]:
    """Every row of the file, read and checked: ``(data rows, good rows as (row number, record, data),
    problems)``; refuses a file it cannot read at all (not a CSV or xlsx file, no header, too large, too
    many rows)."""
    if len(content) > MAX_BYTES:
        raise InvalidInput.on("_body", _("the file has {size} bytes; at most {most} are accepted", size=len(content),
                                         most=MAX_BYTES))
    if not content:
        raise InvalidInput.on("_body", "the file is empty")
    rows: list[tuple[int, str, dict[str, Any]]] = []
    problems: list[ledger.Problem] = []
    columns: list[str | None] | None = None
    count = 0
    for number, values in enumerate(sheet_cells(content, media_type), start=1):
        if all(cell_text(v) is None for v in values):
            continue
        if columns is None:
            columns = [HEADERS.get((cell_text(v) or "").lower()) for v in values]
            unknown = [str(v) for v, c in zip(values, columns) if c is None and cell_text(v) is not None]
            problems += [ledger.Problem(number, str(name)[:40], _("unknown column; see the list of columns"))
                         for name in unknown]
            if "record" not in columns:
                raise InvalidInput("the first row must name the columns, 类别 (获奖/处罚) among them",
                                   fields={"_body": ["no 类别 column in the header row"]},
                                   details={"problems": [p.as_dict() for p in problems]})
            continue
        count += 1
        if count > MAX_ROWS:
            raise InvalidInput.on("_body", _("the file has more than {most} rows; split it", most=MAX_ROWS))
        cells = {c: v for c, v in zip(columns, values) if c is not None}
        record, data, found = _read_row(rules, cells, number)
        problems += found
        if record is not None and not found:
            rows.append((number, record, data))
    if columns is None:
        raise InvalidInput.on("_body", "the file has no header row")
    return count, rows, problems


# -- rows already in the ledger ---------------------------------------------------------------------
# A sheet exported from the ledger (core.reports.ledger_sheet) and read back holds rows the ledger has.
# A row is the same record as a ledger row when it is about the same subject (an organisation by its
# code, a person by name and employer) and, for an award, the same tier and cycle year; for a sanction,
# the same violation and day of decision. Such a row is reported as existing and not written again; one
# that differs from its ledger row in another column is a problem: the import adds rows, it never
# changes one (the ledger keeps what screening read).

AWARD_DETAILS = ("name", "uscc", "employer_name", "employer_uscc", "entry_kind", "category", "awarded_on",
                 "revoked_on", "note")
SANCTION_DETAILS = ("name", "uscc", "employer_name", "employer_uscc", "ban_until", "note")
HEADER_OF = {field: aliases[0] for field, aliases in COLUMNS.items()}
HEADER_OF["entry_kind"] = HEADER_OF["subject_kind"]


def _blank(value: Any) -> Any:
    return None if value in (None, "") else value


def _subject(data: Any) -> tuple[Any, ...]:
    get = data.get if isinstance(data, dict) else lambda f: getattr(data, f)
    if get("subject_kind") == "organization":
        return ("organization", _blank(get("uscc")))
    return ("individual", _blank(get("name")), _blank(get("employer_uscc")) or _blank(get("employer_name")))


def record_key(record: str, data: Any) -> tuple[Any, ...]:
    """What makes a ledger row the same record: its subject and, for an award, tier and cycle year; for a
    sanction, violation and day of decision (``data`` is a row read from a file or a ledger row)."""
    get = data.get if isinstance(data, dict) else lambda f: getattr(data, f)
    if record == "award":
        return ("award", _subject(data), get("tier"), get("cycle_year"))
    return ("sanction", _subject(data), get("kind"), get("decided_on"))


def _ledger_index(session: Session) -> dict[tuple[Any, ...], list[Any]]:
    index: dict[tuple[Any, ...], list[Any]] = {}
    for model, record in ((LedgerAward, "award"), (LedgerSanction, "sanction")):
        details = AWARD_DETAILS if record == "award" else SANCTION_DETAILS
        keyed = ("tier", "cycle_year") if record == "award" else ("kind", "decided_on")
        wanted = {"id", "subject_kind", *details, *keyed}
        stmt = select(model).options(load_only(*[getattr(model, f) for f in sorted(wanted)], raiseload=True))
        for row in session.scalars(stmt.order_by(model.id)):
            index.setdefault(record_key(record, row), []).append(row)
    return index


def _shown(value: Any) -> Any:
    """A cell's value in a problem: a date stays a date (written as the reader writes dates)."""
    return _("(empty)") if value is None else value if isinstance(value, dt.date) else str(value)


def against_ledger(session: Session, rows: list[tuple[int, str, dict[str, Any]]]) -> tuple[
        list[tuple[int, str, dict[str, Any]]], list[dict[str, Any]], list[ledger.Problem]]:
    """Split good rows into ``(new rows, existing rows as {row, record, id}, problems)``: a row the ledger
    already holds unchanged is existing; one that differs from it, or repeats an earlier row of the
    file, is a problem naming the column."""
    index = _ledger_index(session)
    seen: dict[tuple[Any, ...], int] = {}
    claimed: set[tuple[str, int]] = set()
    new: list[tuple[int, str, dict[str, Any]]] = []
    existing: list[dict[str, Any]] = []
    problems: list[ledger.Problem] = []
    for number, record, data in rows:
        key = record_key(record, data)
        what = _("award (same subject, tier and year)") if record == "award" else \
            _("sanction (same subject, violation and day of decision)")
        matches = index.get(key, [])
        details = AWARD_DETAILS if record == "award" else SANCTION_DETAILS
        differing = {row.id: [f for f in details if _blank(getattr(row, f)) != _blank(data.get(f))] for row in matches}
        # a ledger row is claimed once, so a ledger that already holds a record twice reads back as it is
        same = [row_id for row_id, fields in differing.items() if not fields and (record, row_id) not in claimed]
        if same:
            claimed.add((record, same[0]))
            existing.append({"row": number, "record": record, "id": same[0]})
            seen.setdefault(key, number)
            continue
        if key in seen:
            problems.append(ledger.Problem(number, "record", _("the same {what} as row {row}", what=what, row=seen[key])))
            continue
        seen[key] = number
        if not matches:
            new.append((number, record, data))
            continue
        row_id, fields = next(iter(differing.items()))
        ledger_row = matches[0]
        for field in fields:
            values = {"header": HEADER_OF[field], "here": _shown(_blank(data.get(field))),
                      "there": _shown(_blank(getattr(ledger_row, field))), "id": row_id, "what": what}
            problems.append(ledger.Problem(number, field, _(
                "{header}: {here} here, {there} in ledger award {id}, the same {what}; an import adds rows and never "
                "changes one: put the ledger's value back, or correct the award in the ledger", **values)
                if record == "award" else _(
                "{header}: {here} here, {there} in ledger sanction {id}, the same {what}; an import adds rows and "
                "never changes one: put the ledger's value back, or correct the sanction in the ledger", **values)))
    return new, existing, problems


def import_ledger(session: Session, registry: JurisdictionRegistry, actor: Principal, content: bytes,
                  media_type: str, *, dry_run: bool, filename: str | None = None) -> dict[str, Any]:
    """Check (dry run) or import a spreadsheet of earlier awards and sanctions, all or nothing. Rows the
    ledger already holds (an exported sheet read back) are listed as ``existing`` and not written again."""
    rules = ledger.tenant_rules(session, registry, actor.tenant_id)  # type: ignore[arg-type]
    count, rows, problems = read_file(rules, content, media_type)
    rows, existing, found = against_ledger(session, rows)
    problems = sorted(problems + found, key=lambda p: p.row)
    awards = sum(1 for _, record, _ in rows if record == "award")
    answer: dict[str, Any] = {"dry_run": dry_run, "rows": count,
                              "awards": awards, "sanctions": len(rows) - awards, "existing": existing,
                              "problems": [p.as_dict() for p in problems], "import_batch": None}
    if dry_run:
        return answer
    if problems:
        fields: dict[str, list[str]] = {}
        for p in problems:
            fields.setdefault(f"rows.{p.row}.{p.field}", []).append(p.problem)
        raise InvalidInput(_("{problems} problem(s) in {rows} row(s); nothing was imported: fix them (a dry run "
                             "lists them) and send the file again", problems=len(problems),
                             rows=len({p.row for p in problems})),
                           fields=fields, details={"problems": answer["problems"]})
    if not rows:
        if existing:
            return answer  # every row is already in the ledger: nothing to write
        raise InvalidInput.on("_body", "the file has no rows to import")
    batch = uuid.uuid4().hex
    for _row, record, data in rows:
        session.add(ledger.new_award(data, source=LedgerSource.IMPORTED, actor=actor, import_batch=batch)
                    if record == "award" else
                    ledger.new_sanction(rules, data, source=LedgerSource.IMPORTED, actor=actor, import_batch=batch))
    session.flush()
    audit.record(session, actor, "ledger.imported", "ledger_import", batch,
                 details={"awards": awards, "sanctions": len(rows) - awards, "existing": len(existing),
                          "media_type": media_type})
    session.commit()
    return {**answer, "import_batch": batch}
