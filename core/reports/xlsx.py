"""Typed sheets for the workbooks offices open in Excel and WPS (openpyxl, write-only, so a cycle of
10,000 applications streams row by row instead of holding every cell).

A sheet is a list of :class:`Column` and an iterable of rows. Each column has a kind that fixes how
its cells are written and shown:

- ``text``: as given (``None`` is an empty cell);
- ``int``: an integer, ``#,##0``;
- ``money``: an integer number of yuan, ``#,##0"元"`` (money is never a float in this product);
- ``decimal``: a score or a weight, kept as the number the engine computed, shown with ``places``;
- ``date``: a :class:`datetime.date`, shown the Chinese way, ``2026年10月13日``;
- ``datetime``: an aware :class:`datetime.datetime`, converted to Asia/Shanghai and written naive (Excel
  has no time zones), ``2026年10月13日 09:30``;
- ``bool``: 是 / 否.

Every sheet gets a frozen header row, an auto-filter over its columns and widths that fit the widest
cell of the first rows, counting a Chinese character as two (Excel measures widths in Latin digits).
"""
from __future__ import annotations

import datetime as dt
import io
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable, Sequence
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.engine.messages import Message

SHANGHAI = ZoneInfo("Asia/Shanghai")
MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = ("text", "int", "money", "decimal", "date", "datetime", "bool")
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
DATETIME_FORMAT = 'yyyy"年"m"月"d"日" hh:mm'
MONEY_FORMAT = '#,##0"元"'
INT_FORMAT = "#,##0"
MEASURED_ROWS = 200      # widths are fitted to the header and the first rows; later rows keep them
MIN_WIDTH, MAX_WIDTH = 6, 60
_FORMATS = {"int": INT_FORMAT, "money": MONEY_FORMAT, "date": DATE_FORMAT, "datetime": DATETIME_FORMAT}
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"
    places: int = 2          # decimals shown for ``decimal``
    wrap: bool = False       # long reasons and article texts wrap instead of widening the column

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column {self.header!r}: kind must be one of {', '.join(KINDS)}, not {self.kind!r}")

    @property
    def number_format(self) -> str | None:
        if self.kind == "decimal":
            return "0." + "0" * self.places if self.places else "0"
        return _FORMATS.get(self.kind)


def new_book() -> Workbook:
    """An empty write-only workbook (its sheets are added by :func:`add_sheet`)."""
    return Workbook(write_only=True)


def to_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def text_width(value: Any) -> int:
    """Columns a value takes in Excel's unit (a Latin digit); wide (CJK) characters take two."""
    text = "" if value is None else str(value)
    longest = 0
    for line in text.splitlines() or [""]:
        longest = max(longest, sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line))
    return longest


def cell_value(column: Column, value: Any) -> Any:
    """The value as Excel stores it for the column's kind; a wrong type is a programming error."""
    if value is None:
        return None
    kind = column.kind
    if kind == "money":
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"column {column.header!r}: money is an integer of yuan, not {value!r}")
        return value
    if kind == "int":
        return int(value)
    if kind == "decimal":
        return float(value) if isinstance(value, Decimal) else value
    if kind == "datetime":
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            value = value.astimezone(SHANGHAI)
        return value.replace(tzinfo=None)
    if kind == "date":
        if isinstance(value, dt.datetime):
            raise TypeError(f"column {column.header!r}: a date, not the datetime {value!r}")
        return value
    if kind == "bool":
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        value = "；".join(chinese_text(v) for v in value)
    elif isinstance(value, Message):  # a reason the code wrote: the workbook is a Chinese document
        value = chinese_text(value)
    elif hasattr(value, "value") and not isinstance(value, str):  # an enum
        value = value.value
    return clean_text(value) if isinstance(value, str) else value


def chinese_text(value: Any) -> str:
    """A value as the workbook writes it: a message the code wrote in Chinese, anything else as text."""
    from core import i18n

    return i18n.render(value, i18n.ZH_CN) if isinstance(value, Message) else str(value)


def clean_text(text: str) -> str:
    """``text`` as a cell may hold it: a line or page break typed in a word processor (\\v, \\f) becomes a new
    line, any other control character the xlsx format refuses becomes U+FFFD, so one pasted character in
    an objection or a name never stops a workbook."""
    text = text.replace("\v", "\n").replace("\f", "\n")
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)


def new_cell(sheet: Any, value: Any) -> WriteOnlyCell:
    """A cell of ``sheet`` holding ``value``; a text that openpyxl would take for a formula (it starts with
    ``=``) stays a text: what a person typed (a name, a reason, an objection) never runs as a formula when
    the workbook opens."""
    cell = WriteOnlyCell(sheet, value=clean_text(value) if isinstance(value, str) else value)
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def as_text(sheet: Any, stored: Any) -> Any:
    """``stored`` as a bare value (cheapest to write), or as a text cell when it looks like a formula."""
    return new_cell(sheet, stored) if isinstance(stored, str) and stored.startswith("=") else stored


def add_sheet(book: Workbook, title: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]], *,
              landscape: bool = False) -> int:
    """Write a typed sheet and return how many data rows it has.

    Write-only sheets need their widths before the first row, so the first ``MEASURED_ROWS`` rows are
    held to measure them and the rest stream through. ``landscape``: printed on landscape A4, one page
    wide, the header row repeated on every page.
    """
    sheet = book.create_sheet(title=title[:31])
    if landscape:
        print_fit_width(sheet)
        sheet.print_title_rows = "1:1"
    iterator = iter(rows)
    held: list[Sequence[Any]] = []
    for row in iterator:
        held.append(row)
        if len(held) >= MEASURED_ROWS:
            break
    widths = [text_width(c.header) + 4 for c in columns]  # room for the filter's button
    for row in held:
        for i, (column, value) in enumerate(zip(columns, row)):
            shown = _shown(column, value)
            widths[i] = max(widths[i], min(text_width(shown) + 2, 40 if column.wrap else MAX_WIDTH))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = max(MIN_WIDTH, min(width, MAX_WIDTH))
    sheet.freeze_panes = "A2"
    last = get_column_letter(max(len(columns), 1))
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        header.append(cell)
    sheet.append(header)
    count = 0

    # One styled prototype per formatted column, its style copied onto each cell (setting a format
    # through openpyxl's descriptors costs more than the cell); unformatted values go in bare, so
    # openpyxl reuses one cell object for them.
    styles: list[Any] = []
    for column in columns:
        if column.number_format or column.wrap:
            proto = WriteOnlyCell(sheet)
            if column.number_format:
                proto.number_format = column.number_format
            if column.wrap:
                proto.alignment = WRAP
            styles.append(proto._style)
        else:
            styles.append(None)
    plan = list(zip(columns, styles))

    def write(row: Sequence[Any]) -> None:
        if len(row) != len(columns):
            raise ValueError(f"sheet {title!r}: a row of {len(row)} values for {len(columns)} columns")
        cells: list[Any] = []
        for (column, style), value in zip(plan, row):
            stored = cell_value(column, value)
            if style is None or stored is None:
                cells.append(as_text(sheet, stored))
            else:
                cell = new_cell(sheet, stored)
                cell._style = style  # shared, never changed: the writer only reads it
                cells.append(cell)
        sheet.append(cells)

    for row in held:
        write(row)
        count += 1
    for row in iterator:
        write(row)
        count += 1
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    return count


def _shown(column: Column, value: Any) -> Any:
    if value is None:
        return ""
    if column.kind == "date" and isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if column.kind == "datetime":
        return "2026年10月13日 09:30"
    if column.kind == "money":
        return f"{value:,}元"
    if column.kind == "decimal":
        return f"{float(value):.{column.places}f}"
    return cell_value(column, value)


def chinese_date(day: dt.date | dt.datetime | None) -> str:
    """2026年10月13日 (a datetime is taken in Asia/Shanghai first); empty for none."""
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = (day.astimezone(SHANGHAI) if day.tzinfo else day).date()
    return f"{day.year}年{day.month}月{day.day}日"


# -- report sheets: a title, labelled values and small typed tables one under another, and charts ------

TITLE_FONT = Font(bold=True, size=16)
NUMERIC = ("int", "money", "decimal", "date", "datetime")
RIGHT = Alignment(horizontal="right")
SECTION_FONT = Font(bold=True, size=12)


def print_fit_width(sheet: Any, *, landscape: bool = True, fit_width: bool = True) -> None:
    """A4 (landscape by default), one page wide and as many pages tall as it takes, centred; before the
    sheet's first row (a write-only sheet writes its properties with it)."""
    setup = sheet.page_setup
    setup.orientation = "landscape" if landscape else "portrait"
    setup.paperSize = 9  # A4
    if fit_width:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.print_options.horizontalCentered = True


class ReportSheet:
    """A write-only sheet laid out top to bottom for printing: a title, label/value lines, small typed
    tables (each with its own header row) and native charts anchored beside them.

    Write-only sheets take their column widths, page set-up and freeze panes before the first row, so
    they are given here; :meth:`table` answers the rows its data took, for a chart's references."""

    def __init__(self, book: Workbook, title: str, widths: Sequence[int], *, landscape: bool = True,
                 fit_width: bool = True) -> None:
        self.sheet = book.create_sheet(title=title[:31])
        self.row = 0
        self.width = len(widths)
        for i, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(i)].width = width
        print_fit_width(self.sheet, landscape=landscape, fit_width=fit_width)

    def _append(self, cells: list[Any]) -> int:
        self.sheet.append(cells)
        self.row += 1
        return self.row

    def heading(self, text: str, *, size: str = "title") -> int:
        cell = new_cell(self.sheet, text)
        cell.font = TITLE_FONT if size == "title" else SECTION_FONT
        return self._append([cell])

    def pair(self, label: str, value: Any, column: Column | None = None) -> int:
        column = column or Column(label)
        head = WriteOnlyCell(self.sheet, value=label)
        head.font = HEADER_FONT
        cell = new_cell(self.sheet, cell_value(column, value))
        if column.number_format:
            cell.number_format = column.number_format
        return self._append([head, cell])

    def blank(self, count: int = 1) -> None:
        for _ in range(count):
            self._append([])

    def table(self, columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> tuple[int, int, int]:
        """Write a header row and ``rows``; answer (header row, first data row, last data row)."""
        header_cells = []
        for column in columns:
            cell = WriteOnlyCell(self.sheet, value=column.header)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            if column.kind in NUMERIC:  # over its right-aligned numbers
                cell.alignment = RIGHT
            header_cells.append(cell)
        header = self._append(header_cells)
        for row in rows:
            cells = []
            for column, value in zip(columns, row):
                cell = new_cell(self.sheet, cell_value(column, value))
                if column.number_format:
                    cell.number_format = column.number_format
                if column.wrap:
                    cell.alignment = WRAP
                cells.append(cell)
            self._append(cells)
        return header, header + 1, self.row

    def print_area(self, last_row: int | None = None) -> None:
        """Print the sheet's columns down to ``last_row`` (default: the rows written so far)."""
        self.sheet.print_area = f"A1:{get_column_letter(self.width)}{max(last_row or self.row, 1)}"

    def add_chart(self, chart: Any, anchor: str) -> None:
        self.sheet.add_chart(chart, anchor)


def bar_chart(title: str, sheet: Any, *, categories_col: int, data_cols: Sequence[int], header_row: int,
              last_row: int, y_title: str = "", x_title: str = "", horizontal: bool = False,
              width: float = 16, height: float = 7.5) -> Any:
    """A native clustered bar chart of the columns ``data_cols`` (their header row names the series)
    over the categories in ``categories_col``, rows ``header_row + 1`` to ``last_row`` of ``sheet``."""
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.grouping = "clustered"
    chart.title = title
    chart.y_axis.title = y_title
    chart.x_axis.title = x_title
    chart.width, chart.height = width, height
    # openpyxl 3.1 hides axes unless told otherwise; Excel and WPS then draw no labels
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    for col in data_cols:
        chart.add_data(Reference(sheet, min_col=col, min_row=header_row, max_row=max(last_row, header_row + 1)),
                       titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=categories_col, min_row=header_row + 1,
                                   max_row=max(last_row, header_row + 1)))
    return chart
