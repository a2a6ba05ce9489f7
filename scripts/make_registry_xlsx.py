#!/usr/bin/env python3
"""Writes a registry export as an Excel workbook and the same data as CSV, for the XLSX import test.

    make_registry_xlsx.py REGISTRY_CSV OUT_DIR

Reads the sample registry (CSV, ';'), and writes into OUT_DIR:
  registry.xlsx   sheet "Инструкция" (a note, first), sheet "Реестр" (the data) with Russian headers,
                  birth dates as Excel date cells (one kept as text dd.mm.yyyy), registry numbers as
                  numbers (one kept as text), text in a shared-strings table except one inline string,
                  a blank row in the middle and one row with a bad registry number
  first.xlsx      only the data sheet (read without --sheet)
  registry.csv    the same rows as the data sheet, as the clerk would save it from Excel (';', dd.mm.yyyy)
  child.xlsx      the first rows under the headers a school writes ("Фамилия ребёнка", "Дата рождения ребёнка",
                  in another order), dates as Excel date cells, except row 7: a date that does not exist, as text
  child.csv       the same rows as CSV
"""
import csv
import datetime
import os
import re
import shutil
import sys
import zipfile

import openpyxl

HEADERS = ["Номер сертификата", "Фамилия", "Имя", "Отчество", "Дата рождения", "Категория", "Муниципалитет", "Статус"]


def rows_from(path):
    with open(path, encoding="utf-8") as f:
        data = list(csv.reader(f, delimiter=";"))
    return data[1:]


def build(rows, out_dir):
    """The sheet's rows as cell values (Python types openpyxl stores natively) and as CSV text cells."""
    sheet, text = [HEADERS], [HEADERS]
    for i, r in enumerate(rows):
        number, last, first, middle, birth, category, municipality, status = r
        d, m, y = (int(p) for p in birth.split("."))
        birth_cell = birth if i == 2 else datetime.date(y, m, d)           # one date kept as text
        number_cell = number if i == 1 else int(number)                    # one number kept as text
        sheet.append([number_cell, last, first, middle or None, birth_cell, category, municipality, status])
        text.append([number, last, first, middle, birth, category, municipality, status])
        if i == 4:                                                         # a blank row in the middle
            sheet.append([None] * 8)
            text.append([""] * 8)
    bad = ["12345", "Иванов", "Иван", "", datetime.date(2014, 5, 6), "Дети", "Кемерово", "Не активирован"]
    sheet.append(bad)
    text.append(["12345", "Иванов", "Иван", "", "06.05.2014", "Дети", "Кемерово", "Не активирован"])
    return sheet, text


def fill(ws, rows, date_column):
    """Appends the rows; the date cells of `date_column` show as dd.mm.yyyy, as a Russian Excel shows them."""
    for row in rows:
        ws.append(row)
    for cell in ws[date_column][1:]:
        if isinstance(cell.value, datetime.date):
            cell.number_format = "DD.MM.YYYY"


def write_workbook(path, sheet_rows, with_note):
    wb = openpyxl.Workbook()
    ws = wb.active
    if with_note:
        ws.title = "Инструкция"
        ws.append(["Выгрузка реестра сертификатов"])
        ws = wb.create_sheet("Реестр")
    else:
        ws.title = "Реестр"
    fill(ws, sheet_rows, "E")
    wb.save(path)
    share_strings(path, "xl/worksheets/sheet2.xml" if with_note else "xl/worksheets/sheet1.xml")


def share_strings(path, part):
    """Moves the sheet's text cells into a shared-strings table, as Excel writes them, except cell B2,
    which stays an inline string (as some exporters write them)."""
    tmp = path + ".tmp"
    strings = []

    def shared(m):
        ref, text = m.group(1), m.group(2)
        if ref == "B2":
            return m.group(0)
        if text not in strings:
            strings.append(text)
        return f'<c r="{ref}" t="s"><v>{strings.index(text)}</v></c>'

    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == part:
                xml, n = re.subn(r'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t>([^<]*)</t></is></c>', shared, data.decode("utf-8"))
                assert n > 10 and '<c r="B2" t="inlineStr">' in xml, "the sheet's text cells were not found"
                data = xml.encode("utf-8")
            elif item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
            dst.writestr(item, data)
        items = "".join(f"<si><t>{t}</t></si>" for t in strings)
        dst.writestr("xl/sharedStrings.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                     '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                     f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>')
    shutil.move(tmp, path)


CHILD_HEADERS = ["Дата рождения ребёнка", "Фамилия ребёнка", "Имя ребёнка", "Отчество ребёнка", "Номер сертификата"]


def write_child(rows, out_dir):
    """Row 7 of the sheet (the header is row 1) holds 31.02.2013, which no calendar has."""
    sheet, text = [CHILD_HEADERS], [CHILD_HEADERS]
    for i, r in enumerate(rows[:8]):
        number, last, first, middle, birth = r[:5]
        d, m, y = (int(p) for p in birth.split("."))
        if len(sheet) == 6:
            birth, cell = "31.02.2013", "31.02.2013"
        else:
            cell = datetime.date(y, m, d)
        sheet.append([cell, last, first, middle or None, int(number)])
        text.append([birth, last, first, middle, number])
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Дети"
    fill(ws, sheet, "A")
    wb.save(os.path.join(out_dir, "child.xlsx"))
    with open(os.path.join(out_dir, "child.csv"), "w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";", lineterminator="\r\n").writerows(text)


def main():
    registry, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    sheet, text = build(rows_from(registry), out_dir)
    write_workbook(os.path.join(out_dir, "registry.xlsx"), sheet, with_note=True)
    write_workbook(os.path.join(out_dir, "first.xlsx"), sheet, with_note=False)
    with open(os.path.join(out_dir, "registry.csv"), "w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";", lineterminator="\r\n").writerows(text)
    write_child(rows_from(registry), out_dir)


if __name__ == "__main__":
    main()
