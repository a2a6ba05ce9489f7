#!/usr/bin/env python3
"""Writes a regional-registry export (CSV) for a corpus made by gen_samples.py.

Every application in the corpus gets its registry entry (status "Не активирован"), taken
from the truth files, so ingesting the corpus activates the entries it should. One extra
entry holds the same child as the last packet (by number) under another registry number, so the
duplicate-certificate check has something to find.

    python3 scripts/sample_registry.py samples > samples/registry.csv
    python3 scripts/sample_registry.py DIR --disagree 3 > DIR/registry.csv

--disagree N gives N entries (every k-th by number) a birth date a few days off the paper's: the
paper then disagrees with the registry, and those packets must never be activated (eval counts a
packet activated against such an entry as wrongly activated).
"""
import csv
import datetime
import glob
import json
import os
import re
import sys


def municipality(address: str) -> str:
    m = re.search(r"(?:г\.|пгт\.|с\.)\s*([А-ЯЁ][^,]+)", address or "")
    return m.group(1).strip() if m else "Кемерово"


def main() -> None:
    args = sys.argv[1:]
    disagree = 0
    if "--disagree" in args:
        i = args.index("--disagree")
        disagree = int(args[i + 1])
        del args[i:i + 2]
    corpus = args[0] if args else "samples"
    rows = {}
    for path in sorted(glob.glob(os.path.join(corpus, "*.expected.json"))):
        for page in json.load(open(path, encoding="utf-8")):
            if page["form"] != "application":
                continue
            f = {k: v["value"] for k, v in page["fields"].items()}
            number = f["registry_number"]
            birth = f["child.birth_date"]
            rows[number] = [number, f["child.last_name"], f["child.first_name"], f["child.middle_name"] or "",
                            ".".join(reversed(birth.split("-"))), f["category"],
                            municipality(f.get("child.address")), "Не активирован"]
    out = csv.writer(sys.stdout, delimiter=";", lineterminator="\n")
    out.writerow(["registry_number", "last_name", "first_name", "middle_name", "birth_date", "category",
                  "municipality", "status"])
    entries = [rows[k] for k in sorted(rows)]
    if disagree > 0 and entries:
        step = max(1, len(entries) // disagree)
        for r in entries[step // 2::step][:disagree]:
            d, m, y = (int(x) for x in r[4].split("."))
            shifted = datetime.date(y, m, d) + datetime.timedelta(days=3 + int(r[0]) % 20)
            r[4] = shifted.strftime("%d.%m.%Y")
    for r in entries:
        out.writerow(r)
    if entries:
        twin = list(entries[-1])
        twin[0] = str(int(twin[0]) + 7).zfill(len(twin[0]))  # the same child on another number
        out.writerow(twin)


if __name__ == "__main__":
    main()
