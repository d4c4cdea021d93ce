"""The typed sheets every workbook is made of (core/reports/xlsx.py)."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from core.reports import xlsx

HOSTILE = ['=HYPERLINK("http://example.invalid","点此")', "=1+1", "=cmd|' /C calc'!A0"]


def _book_bytes(build) -> bytes:
    book = xlsx.new_book()
    build(book)
    return xlsx.to_bytes(book)


def test_text_that_looks_like_a_formula_stays_text_in_every_kind_of_cell():
    def build(book):
        xlsx.add_sheet(book, "表", [xlsx.Column("名称"), xlsx.Column("理由", wrap=True)],
                       [(text, text) for text in HOSTILE])
        report = xlsx.ReportSheet(book, "汇总", [20, 20])
        report.heading(HOSTILE[0])
        report.pair("周期", HOSTILE[1])
        report.table([xlsx.Column("单位")], [(HOSTILE[2],)])

    content = _book_bytes(build)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 2
        assert not any(b"<f>" in archive.read(name) or b"<f " in archive.read(name) for name in sheets)
    book = openpyxl.load_workbook(io.BytesIO(content))
    texts = [(cell.value, cell.data_type) for sheet in book for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str) and cell.value.startswith("=")]
    assert sorted(value for value, _ in texts) == sorted(HOSTILE * 2 + HOSTILE)
    assert {kind for _, kind in texts} == {"s"}


def test_cells_are_typed_by_their_column():
    aware = dt.datetime(2026, 10, 13, 1, 30, tzinfo=dt.timezone.utc)
    columns = [xlsx.Column("奖金", "money"), xlsx.Column("日期", "date"), xlsx.Column("时间", "datetime"),
               xlsx.Column("得分", "decimal", places=4), xlsx.Column("是否", "bool"), xlsx.Column("数量", "int")]
    content = _book_bytes(lambda book: xlsx.add_sheet(
        book, "类型", columns, [(500_000, dt.date(2026, 10, 13), aware, Decimal("88.1250"), True, 3)]))
    sheet = openpyxl.load_workbook(io.BytesIO(content))["类型"]
    money, day, moment, score, yes, count = sheet[2]
    assert (money.value, money.number_format) == (500_000, xlsx.MONEY_FORMAT)
    assert day.is_date and day.value.date() == dt.date(2026, 10, 13) and day.number_format == xlsx.DATE_FORMAT
    assert moment.value == dt.datetime(2026, 10, 13, 9, 30)  # Asia/Shanghai, written naive
    assert score.value == 88.125 and score.number_format == "0.0000"
    assert (yes.value, count.value) == ("是", 3)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:F2"


def test_money_must_be_whole_yuan_and_a_date_not_a_datetime():
    with pytest.raises(TypeError, match="integer of yuan"):
        xlsx.cell_value(xlsx.Column("奖金", "money"), 1.5)
    with pytest.raises(TypeError, match="a date"):
        xlsx.cell_value(xlsx.Column("日期", "date"), dt.datetime(2026, 1, 1))


def test_widths_count_a_chinese_character_as_two():
    assert xlsx.text_width("南通市") == 6 and xlsx.text_width("abc") == 3
    content = _book_bytes(lambda book: xlsx.add_sheet(
        book, "宽", [xlsx.Column("名称"), xlsx.Column("code")], [("南通市市长质量奖评审委员会办公室", "ab")]))
    sheet = openpyxl.load_workbook(io.BytesIO(content))["宽"]
    assert sheet.column_dimensions["A"].width == 2 * 16 + 2
    assert sheet.column_dimensions["B"].width == 4 + 4  # the header "code", and room for the filter's button


def test_chinese_dates():
    assert xlsx.chinese_date(dt.date(2026, 10, 13)) == "2026年10月13日"
    assert xlsx.chinese_date(dt.datetime(2026, 10, 12, 16, 30, tzinfo=dt.timezone.utc)) == "2026年10月13日"
    assert xlsx.chinese_date(None) == ""


def test_control_characters_typed_or_pasted_never_stop_a_workbook():
    pasted = "申报材料\v第二行\x01\x1f\f完"
    content = _book_bytes(lambda book: xlsx.add_sheet(book, "异议", [xlsx.Column("异议内容", wrap=True)], [(pasted,)]))
    value = openpyxl.load_workbook(io.BytesIO(content))["异议"]["A2"].value
    assert value == "申报材料\n第二行\ufffd\ufffd\n完"


# -- reading sheets back (the imports' shared reader) -----------------------------------------------------

def _xlsx_with_sheet_xml(sheet_xml: str) -> bytes:
    """A minimal workbook whose first sheet is ``sheet_xml`` as given (what a hostile file may declare)."""
    book = openpyxl.Workbook()
    book.active["A1"] = "类别"
    buffer = io.BytesIO()
    book.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, sheet_xml.encode() if item.filename == "xl/worksheets/sheet1.xml" else data)
    return out.getvalue()


SHEET = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
         '<dimension ref="{ref}"/><sheetData>{rows}</sheetData></worksheet>')


def test_a_declared_dimension_does_not_pad_the_rows_read():
    from core.awards import imports

    content = _xlsx_with_sheet_xml(SHEET.format(ref="A1:XFD3", rows=(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>类别</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>获奖</t></is></c></row>')))
    rows = list(imports.sheet_cells(content, imports.XLSX_TYPE))
    assert [[v for v in row if v is not None] for row in rows] == [["类别"], ["获奖"]]
    assert {len(row) for row in rows} == {imports.MAX_COLUMNS}  # not the 16,384 columns the file declares


def test_a_flood_of_blank_rows_is_refused_as_it_is_read():
    from core.awards import imports
    from core.errors import InvalidInput

    content = _xlsx_with_sheet_xml(SHEET.format(ref="A1:A1000000", rows=(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>类别</t></is></c></row>'
        '<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>获奖</t></is></c></row>')))
    with pytest.raises(InvalidInput) as refused:
        list(imports.sheet_cells(content, imports.XLSX_TYPE, max_rows=100))
    assert refused.value.fields == {"_body": ["the file has more than 201 rows; split it"]}


def test_a_workbook_that_inflates_past_the_limit_is_refused_before_it_is_parsed(monkeypatch):
    from core.awards import imports
    from core.errors import InvalidInput

    content = _xlsx_with_sheet_xml(SHEET.format(ref="A1", rows="<row r=\"1\"/>" + " " * 200_000))
    assert len(content) < 20_000  # blanks compress well: what a zip bomb is made of
    monkeypatch.setattr(imports, "MAX_UNPACKED", 100_000)
    with pytest.raises(InvalidInput) as refused:
        list(imports.sheet_cells(content, imports.XLSX_TYPE))
    assert "once unzipped" in refused.value.fields["_body"][0]
    with pytest.raises(InvalidInput) as broken:
        list(imports.sheet_cells(b"PK\x03\x04 not really a zip", imports.XLSX_TYPE))
    assert broken.value.fields == {"_body": ["the file is not a readable xlsx workbook"]}


def test_a_reason_the_code_wrote_is_written_in_chinese():
    from core.engine.messages import _

    reason = _("all {count} places of {scope} are taken by higher-ranked candidates", count=3,
               scope=_("{tiers} for {kinds}", tiers="award", kinds="organization"))
    assert str(reason) == "all 3 places of award for organization are taken by higher-ranked candidates"
    assert xlsx.cell_value(xlsx.Column("原因"), reason) == "award（限organization）的 3 个名额已由排名在前的候选者占满"
    assert xlsx.cell_value(xlsx.Column("原因"), [reason, "已写明"]).endswith("占满；已写明")
