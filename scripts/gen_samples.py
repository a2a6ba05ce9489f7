#!/usr/bin/env python3
"""Synthetic scanned-form generator for pfdo-intake.

Writes scanned-looking pages of the two Kuzbass PFDO forms (the application
"заявление" and the consent "согласие на обработку персональных данных"),
filled with synthetic people, plus negative pages, with truth JSON in the
schema of docs/sample-schema.md.

Every value is invented (Faker ru_RU plus fixed lists); no real person's data
is used. Output is reproducible: the same --seed gives byte-identical truth
JSON, manifest and images (on the same Pillow/Faker/FreeType versions).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import re
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

try:
    from faker import Faker
    from faker.providers.person.ru_RU import Provider as RuPerson
except ImportError:  # pragma: no cover
    sys.exit("gen_samples.py needs Faker: pip install Faker (or apt-get install python3-faker)")

GENERATED_BY = "scripts/gen_samples.py"

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_variety as gv  # noqa: E402  (the varied profile's fonts, names, addresses, wordings, signatures)

# --------------------------------------------------------------------------
# Fonts (Debian packages: fonts-dejavu-core, fonts-dejavu-extra,
# fonts-liberation2, fonts-freefont-ttf, fonts-noto-core)
# --------------------------------------------------------------------------

_DJ = "/usr/share/fonts/truetype/dejavu/"
_LB = "/usr/share/fonts/truetype/liberation2/"
_FF = "/usr/share/fonts/truetype/freefont/"
_NT = "/usr/share/fonts/truetype/noto/"

# name -> (regular, bold, class, debian package)
FONTS: dict[str, tuple[str, str, str, str]] = {
    "DejaVuSerif": (_DJ + "DejaVuSerif.ttf", _DJ + "DejaVuSerif-Bold.ttf", "serif", "fonts-dejavu-core"),
    "DejaVuSans": (_DJ + "DejaVuSans.ttf", _DJ + "DejaVuSans-Bold.ttf", "sans", "fonts-dejavu-core"),
    "DejaVuSansCondensed": (_DJ + "DejaVuSansCondensed.ttf", _DJ + "DejaVuSansCondensed-Bold.ttf",
                            "condensed", "fonts-dejavu-extra"),
    "DejaVuSerifCondensed": (_DJ + "DejaVuSerifCondensed.ttf", _DJ + "DejaVuSerifCondensed-Bold.ttf",
                             "condensed", "fonts-dejavu-extra"),
    "LiberationSerif": (_LB + "LiberationSerif-Regular.ttf", _LB + "LiberationSerif-Bold.ttf",
                        "serif", "fonts-liberation2"),
    "LiberationSans": (_LB + "LiberationSans-Regular.ttf", _LB + "LiberationSans-Bold.ttf",
                       "sans", "fonts-liberation2"),
    "LiberationMono": (_LB + "LiberationMono-Regular.ttf", _LB + "LiberationMono-Bold.ttf",
                       "mono", "fonts-liberation2"),
    "FreeSerif": (_FF + "FreeSerif.ttf", _FF + "FreeSerifBold.ttf", "serif", "fonts-freefont-ttf"),
    "FreeSans": (_FF + "FreeSans.ttf", _FF + "FreeSansBold.ttf", "sans", "fonts-freefont-ttf"),
    "FreeMono": (_FF + "FreeMono.ttf", _FF + "FreeMonoBold.ttf", "mono", "fonts-freefont-ttf"),
    "NotoSerif": (_NT + "NotoSerif-Regular.ttf", _NT + "NotoSerif-Bold.ttf", "serif", "fonts-noto-core"),
    "NotoSans": (_NT + "NotoSans-Regular.ttf", _NT + "NotoSans-Bold.ttf", "sans", "fonts-noto-core"),
}
FONTS_COMMITTED = list(FONTS)
FONTS.update(gv.FONTS_VARIED)
# Relative frequency in the bench mix (portal printouts are mostly Times/Arial-like).
FONT_WEIGHTS = {
    "LiberationSerif": 5, "LiberationSans": 4, "DejaVuSerif": 2, "DejaVuSans": 2,
    "DejaVuSansCondensed": 2, "DejaVuSerifCondensed": 1, "FreeSerif": 3, "FreeSans": 2,
    "FreeMono": 1, "LiberationMono": 1, "NotoSerif": 2, "NotoSans": 2,
}

_font_cache: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}


def load_font(path: str, px: int) -> ImageFont.FreeTypeFont:
    key = (path, px)
    f = _font_cache.get(key)
    if f is None:
        # Basic layout: independent of whether libraqm is present, so output
        # does not change with the machine's Pillow build.
        f = ImageFont.truetype(path, px, layout_engine=ImageFont.Layout.BASIC)
        _font_cache[key] = f
    return f


def check_fonts(names: list[str]) -> None:
    """Fail early if a font file is missing or lacks a glyph we print."""
    chars = ("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя"
             "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
             "«»№@._-()/:,;+=*%\"'—")
    for name in names:
        reg, bold, _cls, pkg = FONTS[name]
        for path in (reg, bold):
            if not os.path.exists(path):
                sys.exit(f"font {path} not found: apt-get install -y {pkg}")
            f = load_font(path, 40)

            def glyph(ch: str) -> bytes:
                im = Image.new("L", (80, 80), 0)
                ImageDraw.Draw(im).text((10, 60), ch, font=f, fill=255, anchor="ls")
                return im.tobytes()

            missing = glyph("\ue000")
            bad = [ch for ch in chars if glyph(ch) == missing]
            if bad:
                sys.exit(f"font {path} lacks glyphs {''.join(bad)!r}")


# --------------------------------------------------------------------------
# Domain data
# --------------------------------------------------------------------------

MONTHS_GEN = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
              "сентября", "октября", "ноября", "декабря"]

CAT_COMMON = "Дети в возрасте от 5 до 18 лет"
CATEGORIES = [  # canonical name, weight, tag
    (CAT_COMMON, 80, None),
    ("Дети с ограниченными возможностями здоровья в возрасте от 5 до 18 лет", 8, "category-ovz"),
    ("Дети-инвалиды в возрасте от 5 до 18 лет", 7, "category-disabled"),
    ("Дети-сироты и дети, оставшиеся без попечения родителей, в возрасте от 5 до 18 лет", 5,
     "category-orphan"),
]

# city, locative ("в г. ..."), dative ("по г. ..."), postcode range, municipality code, weight
CITIES = [
    ("Кемерово", "Кемерово", "Кемерово", (650000, 650099), "01", 30),
    ("Новокузнецк", "Новокузнецке", "Новокузнецку", (654000, 654086), "02", 30),
    ("Прокопьевск", "Прокопьевске", "Прокопьевску", (653000, 653053), "03", 10),
    ("Междуреченск", "Междуреченске", "Междуреченску", (652870, 652888), "04", 5),
    ("Ленинск-Кузнецкий", "Ленинске-Кузнецком", "Ленинску-Кузнецкому", (652500, 652527), "05", 5),
    ("Киселёвск", "Киселёвске", "Киселёвску", (652700, 652730), "06", 4),
    ("Юрга", "Юрге", "Юрге", (652050, 652059), "07", 4),
    ("Белово", "Белово", "Белово", (652600, 652645), "08", 4),
    ("Анжеро-Судженск", "Анжеро-Судженске", "Анжеро-Судженску", (652470, 652484), "09", 3),
    ("Берёзовский", "Берёзовском", "Берёзовскому", (652420, 652427), "10", 2),
    ("Осинники", "Осинниках", "Осинникам", (652800, 652815), "11", 2),
    ("Мыски", "Мысках", "Мыскам", (652840, 652845), "12", 2),
    ("Топки", "Топках", "Топкам", (652300, 652305), "13", 1),
    ("Таштагол", "Таштаголе", "Таштаголу", (652990, 652994), "14", 1),
]
# district, settlement, postcode, municipality code
SETTLEMENTS = [
    ("Кемеровский муниципальный округ", "с. Ягуново", 650517, "20"),
    ("Кемеровский муниципальный округ", "с. Елыкаево", 650514, "20"),
    ("Промышленновский муниципальный округ", "пгт. Промышленная", 652380, "21"),
    ("Яйский муниципальный округ", "пгт. Яя", 652100, "22"),
    ("Таштагольский муниципальный район", "пгт. Шерегеш", 652971, "23"),
    ("Тисульский муниципальный округ", "пгт. Тисуль", 652210, "24"),
    ("Крапивинский муниципальный округ", "пгт. Крапивинский", 652440, "25"),
    ("Новокузнецкий муниципальный округ", "с. Сосновка", 654235, "26"),
    ("Ижморский муниципальный округ", "пгт. Ижморский", 652120, "27"),
    ("Ленинск-Кузнецкий муниципальный округ", "с. Красное", 652532, "28"),
    ("Прокопьевский муниципальный округ", "с. Большая Талда", 653212, "29"),
    ("Беловский муниципальный округ", "с. Старопестерёво", 652663, "30"),
]
STREETS = [
    "Ленина", "Весенняя", "Кирова", "Красноармейская", "Тухачевского", "Шахтёров",
    "Металлургов", "Строителей", "Мира", "Гагарина", "Пушкина", "40 лет Победы",
    "Волгоградская", "Бардина", "Кутузова", "Циолковского", "Ноградская",
    "Сибиряков-Гвардейцев", "Рукавишникова", "Зелёная", "Берёзовая", "Солнечная",
    "Молодёжная", "Юбилейная", "Октябрьская", "Садовая", "Новая", "Лесная", "Советская",
    "Суворова", "Тольятти", "Орджоникидзе", "Ермака", "Дзержинского", "Карла Маркса",
    "Федоровского", "Патриотов", "Шахтостроителей", "Клары Цеткин", "Тореза",
]
STREETS_YO = ["Шахтёров", "Зелёная", "Берёзовая", "Молодёжная", "Партизанская", "Озёрная"]
OTHER_STREET_TYPES = [("пр-кт", ["Советский", "Кузнецкий", "Октябрьский", "Ленина", "Шахтёров",
                                 "Бардина", "Металлургов", "Химиков", "Строителей"]),
                      ("пер.", ["Школьный", "Почтовый", "Садовый", "Клубный", "Цветочный"]),
                      ("б-р", ["Строителей", "Пионерский", "Победы", "Кузнецкий"])]

PHONE_CODES = ["913", "923", "950", "951", "952", "960", "961", "983", "904", "905", "906",
               "908", "909", "999", "900", "902", "962"]
EMAIL_DOMAINS = ["mail.ru", "yandex.ru", "gmail.com", "bk.ru", "inbox.ru", "list.ru", "rambler.ru"]
EMAIL_DOMAIN_W = [35, 25, 15, 8, 7, 6, 4]

# Common given names of parents (born 1975-2000) and children (born 2008-2021).
MALE_ADULT = ["Александр", "Алексей", "Андрей", "Антон", "Артём", "Вадим", "Виктор", "Виталий",
              "Владимир", "Вячеслав", "Денис", "Дмитрий", "Евгений", "Иван", "Игорь", "Илья",
              "Кирилл", "Константин", "Максим", "Михаил", "Николай", "Олег", "Павел", "Пётр",
              "Роман", "Семён", "Сергей", "Станислав", "Фёдор", "Юрий"]
FEMALE_ADULT = ["Алёна", "Анастасия", "Анна", "Валентина", "Виктория", "Галина", "Дарья",
                "Евгения", "Екатерина", "Елена", "Ирина", "Кристина", "Ксения", "Людмила",
                "Марина", "Мария", "Надежда", "Наталья", "Оксана", "Ольга", "Светлана",
                "Татьяна", "Юлия", "Яна"]
MALE_CHILD = ["Александр", "Артём", "Максим", "Михаил", "Иван", "Даниил", "Дмитрий", "Кирилл",
              "Матвей", "Егор", "Никита", "Илья", "Тимофей", "Роман", "Фёдор", "Семён",
              "Лев", "Марк", "Глеб", "Ярослав", "Савелий", "Арсений", "Степан", "Пётр"]
FEMALE_CHILD = ["Анастасия", "Мария", "Анна", "Виктория", "Полина", "Алиса", "Елизавета",
                "Дарья", "Софья", "Алёна", "Ксения", "Варвара", "Вероника", "Милана",
                "Ульяна", "Арина", "Екатерина", "Валерия", "Таисия", "Злата"]
# father's name -> (son's patronymic, daughter's patronymic)
PATRONYMIC = {
    "Александр": ("Александрович", "Александровна"), "Алексей": ("Алексеевич", "Алексеевна"),
    "Андрей": ("Андреевич", "Андреевна"), "Антон": ("Антонович", "Антоновна"),
    "Артём": ("Артёмович", "Артёмовна"), "Вадим": ("Вадимович", "Вадимовна"),
    "Виктор": ("Викторович", "Викторовна"), "Виталий": ("Витальевич", "Витальевна"),
    "Владимир": ("Владимирович", "Владимировна"), "Вячеслав": ("Вячеславович", "Вячеславовна"),
    "Денис": ("Денисович", "Денисовна"), "Дмитрий": ("Дмитриевич", "Дмитриевна"),
    "Евгений": ("Евгеньевич", "Евгеньевна"), "Иван": ("Иванович", "Ивановна"),
    "Игорь": ("Игоревич", "Игоревна"), "Илья": ("Ильич", "Ильинична"),
    "Кирилл": ("Кириллович", "Кирилловна"), "Константин": ("Константинович", "Константиновна"),
    "Максим": ("Максимович", "Максимовна"), "Михаил": ("Михайлович", "Михайловна"),
    "Николай": ("Николаевич", "Николаевна"), "Олег": ("Олегович", "Олеговна"),
    "Павел": ("Павлович", "Павловна"), "Пётр": ("Петрович", "Петровна"),
    "Роман": ("Романович", "Романовна"), "Семён": ("Семёнович", "Семёновна"),
    "Сергей": ("Сергеевич", "Сергеевна"), "Станислав": ("Станиславович", "Станиславовна"),
    "Фёдор": ("Фёдорович", "Фёдоровна"), "Юрий": ("Юрьевич", "Юрьевна"),
}
SURNAMES_YO = [("Королёв", "Королёва"), ("Воробьёв", "Воробьёва"), ("Соловьёв", "Соловьёва"),
               ("Ковалёв", "Ковалёва"), ("Журавлёв", "Журавлёва"), ("Пискарёв", "Пискарёва"),
               ("Селезнёв", "Селезнёва"), ("Толстопятов", "Толстопятова")]

TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n",
                     "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "sch", "", "y", "",
                     "e", "yu", "ya"]))


def translit(s: str) -> str:
    return "".join(TRANSLIT.get(c, c) for c in s.lower() if c.isalpha() or c == "-").replace("-", "")


def fmt_date(d: dt.date) -> str:
    return d.strftime("%d.%m.%Y")


def fmt_date_long(d: dt.date) -> str:
    return f"«{d.day:02d}» {MONTHS_GEN[d.month - 1]} {d.year} г."


def add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 Feb
        return d.replace(year=d.year + years, day=28)


def age_on(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def rand_date(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


SIGN_LO = dt.date(2025, 1, 15)
SIGN_HI = dt.date(2026, 10, 31)

# --------------------------------------------------------------------------
# People and packets
# --------------------------------------------------------------------------


@dataclass
class Person:
    last: str
    first: str
    middle: str | None
    male: bool
    birth: dt.date

    def full(self) -> str:
        return " ".join(x for x in (self.last, self.first, self.middle) if x)

    def initials(self, rng: random.Random) -> str:
        ini = self.first[0] + "." + (self.middle[0] + "." if self.middle else "")
        return f"{ini} {self.last}" if rng.random() < 0.3 else f"{self.last} {ini}"


@dataclass
class Packet:
    """Everything that is printed on the two forms of one packet."""
    child: Person
    applicant: Person
    self_app: bool
    child_address: str
    applicant_address: str
    phone_printed: str
    phone: str
    email_printed: str
    email: str
    app_no: str
    reg_no: str
    category: str
    sign_date: dt.date
    pass_series: str = ""
    pass_series_printed: str = ""
    pass_number: str = ""
    pass_date: dt.date | None = None
    pass_office: str = ""
    no_sign: str = "№"          # "№" or "№ " before numbers
    different_surname: bool = False   # applicant's family name is not the child's
    tags: set[str] = field(default_factory=set)


def make_address(rng: random.Random, fake: Faker, opts: dict) -> tuple[str, str]:
    """Return (address, municipality code)."""
    settlement = opts.get("settlement", rng.random() < 0.12)
    postcode = opts.get("postcode", rng.random() < 0.3)
    long_ = opts.get("long_address", False)
    yo = opts.get("yo", False)
    parts = []
    if settlement:
        district, place, pc, code = rng.choice(SETTLEMENTS)
        if yo:
            district, place, pc, code = SETTLEMENTS[-1]
        if postcode or long_:
            parts.append(str(pc))
        parts.append("Кемеровская область - Кузбасс")
        if long_ or rng.random() < 0.6:
            parts.append(district)
        parts.append(place)
    else:
        cities = [c for c in CITIES if (not yo or "ё" in c[0])] if yo and rng.random() < 0.6 else CITIES
        city = rng.choices(cities, weights=[c[5] for c in cities])[0]
        code = city[4]
        if postcode or long_:
            parts.append(str(rng.randint(*city[3])))
        parts.append("Кемеровская область - Кузбасс")
        parts.append(f"г. {city[0]}")
    r = rng.random()
    if long_:
        street = "ул. " + rng.choice(["Сибиряков-Гвардейцев", "Шахтостроителей", "Клары Цеткин",
                                      "40 лет Победы", "Рукавишникова"])
    elif yo and rng.random() < 0.7:
        street = "ул. " + rng.choice(STREETS_YO)
    elif r < 0.70:
        street = "ул. " + rng.choice(STREETS)
    elif r < 0.85:
        street = "ул. " + fake.street_title()
    else:
        t, names = rng.choice(OTHER_STREET_TYPES)
        street = f"{t} {rng.choice(names)}"
    parts.append(street)
    house = str(rng.randint(1, 160 if not settlement else 60))
    hr = rng.random()
    if hr < 0.12:
        house += rng.choice("абв")
    elif hr < 0.2:
        house += f"/{rng.randint(1, 4)}"
    parts.append(f"д. {house}")
    if long_ or (not settlement and rng.random() < 0.12):
        parts.append(f"корп. {rng.randint(1, 4)}")
    if long_ or (not settlement and rng.random() < 0.9) or (settlement and rng.random() < 0.35):
        parts.append(f"кв. {rng.randint(1, 240)}")
    return ", ".join(parts), code


def make_phone(rng: random.Random, style: int | None = None) -> tuple[str, str]:
    code = rng.choice(PHONE_CODES)
    n = f"{rng.randint(0, 9999999):07d}"
    a, b, c = n[:3], n[3:5], n[5:]
    styles = [f"+7 {code} {a}-{b}-{c}", f"8({code}){a}-{b}-{c}", f"8{code}{n}",
              f"+7({code}){n}", f"8 {code} {a} {b} {c}", f"+7 ({code}) {a}-{b}-{c}", f"+7{code}{n}"]
    if style is None:
        style = rng.choices(range(len(styles)), weights=[25, 20, 15, 10, 10, 12, 8])[0]
    return styles[style], "+7" + code + n


def make_email(rng: random.Random, fake: Faker, p: Person, caps: bool | None = None) -> tuple[str, str]:
    first, last = translit(p.first), translit(p.last)
    r = rng.random()
    yy = str(p.birth.year)
    if r < 0.25:
        local = f"{first}.{last}"
    elif r < 0.4:
        local = f"{last}{rng.choice([yy[2:], yy, str(rng.randint(1, 99))])}"
    elif r < 0.55:
        local = f"{first}_{last}{rng.choice(['', yy[2:]])}"
    elif r < 0.65:
        local = f"{first[0]}.{last}"
    elif r < 0.75:
        local = f"{last}.{first[0]}{rng.randint(1, 999)}"
    else:
        local = re.sub(r"[^a-z0-9._]", "", fake.user_name().lower()) or f"{last}{yy}"
    local = local.strip("._")
    dom = rng.choices(EMAIL_DOMAINS, weights=EMAIL_DOMAIN_W)[0]
    email = f"{local}@{dom}"
    if caps is None:
        caps = rng.random() < 0.12
    printed = email
    if caps:
        k = rng.random()
        if k < 0.45:
            printed = email[0].upper() + email[1:]
        elif k < 0.8:
            printed = ".".join(w[:1].upper() + w[1:] for w in local.split(".")) + "@" + dom.capitalize()
        else:
            printed = email.upper()
    return printed, email


CITY_DISTRICTS = {  # city -> (genitive, districts in the locative)
    "Кемерово": ("Кемерово", ["Центральном", "Заводском", "Ленинском", "Кировском", "Рудничном"]),
    "Новокузнецк": ("Новокузнецка", ["Центральном", "Куйбышевском", "Орджоникидзевском", "Кузнецком",
                                     "Заводском", "Новоильинском"]),
    "Прокопьевск": ("Прокопьевска", ["Центральном", "Рудничном", "Зенковском"]),
}


# Passports brought from other regions: the region's code (the series' first two digits) and
# offices of that region as printed in passports.
OTHER_REGION_OFFICES = {
    "01": ["ГУ МВД России по Алтайскому краю", "Отделом УФМС России по Алтайскому краю в г. Бийске"],
    "04": ["ГУ МВД России по Красноярскому краю", "ОВМ МО МВД России «Ачинский»"],
    "45": ["ГУ МВД России по г. Москве", "Отделением по району Марьино ОУФМС России по гор. Москве в ЮВАО"],
    "50": ["ГУ МВД России по Новосибирской области", "Отделом УФМС России по Новосибирской области в Ленинском районе г. Новосибирска"],
    "69": ["УМВД России по Томской области", "Отделом УФМС России по Томской области в г. Северске"],
    "92": ["МВД по Республике Татарстан", "Отделом УФМС России по Республике Татарстан в г. Казани"],
    "95": ["МВД по Республике Хакасия", "ОВМ ОМВД России по г. Абакану"],
}


def passport_office(rng: random.Random, issued: dt.date, city: tuple) -> str:
    name, loc, dat = city[0], city[1], city[2]
    if issued < dt.date(2016, 6, 1):
        opts = [f"Отделом УФМС России по Кемеровской области в г. {loc}",
                f"ТП УФМС России по Кемеровской области в г. {loc}"]
        if name in CITY_DISTRICTS:
            gen, districts = CITY_DISTRICTS[name]
            opts += [f"Отделением УФМС России по Кемеровской области в {rng.choice(districts)} районе г. {gen}",
                     f"Отделом УФМС России по Кемеровской обл. в {rng.choice(districts)} р-не г. {gen}"]
    elif issued < dt.date(2020, 11, 1):
        opts = ["ГУ МВД России по Кемеровской области",
                f"Отделом по вопросам миграции Отдела МВД России по г. {dat}",
                f"Отделением по вопросам миграции ОМВД России по г. {dat}",
                f"ОВМ Управления МВД России по г. {dat}"]
    else:
        opts = ["ГУ МВД России по Кемеровской области - Кузбассу",
                "ГУ МВД России по Кемеровской области - Кузбассу",
                f"Отделом по вопросам миграции Отдела МВД России по г. {dat}",
                f"ОВМ Управления МВД России по г. {dat} ГУ МВД России по Кемеровской области - Кузбассу"]
    return rng.choice(opts)


def surname_pair(rng: random.Random, fake: Faker, yo: bool = False) -> tuple[str, str]:
    if yo:
        return rng.choice(SURNAMES_YO[:6])
    i = rng.randrange(len(RuPerson.last_names_male))
    return RuPerson.last_names_male[i], RuPerson.last_names_female[i]


def first_name(rng: random.Random, fake: Faker, male: bool, adult: bool, yo: bool = False) -> str:
    if yo:
        pool = (["Фёдор", "Артём", "Семён", "Пётр"] if male else ["Алёна"])
        return rng.choice(pool)
    if rng.random() < (0.2 if adult else 0.08):
        return fake.first_name_male() if male else fake.first_name_female()
    pool = (MALE_ADULT if adult else MALE_CHILD) if male else (FEMALE_ADULT if adult else FEMALE_CHILD)
    return rng.choice(pool)


def vary_packet(rng: random.Random, fake: Faker, p: Packet, f: dict) -> Packet:
    """The varied profile: names of the region's peoples and other address styles in place of the
    base generator's (dates, numbers, passport and the packet's structure stay)."""
    people = gv.pick_people(rng)
    family, _ = gv.person_names(rng, people, True, False)
    c = p.child
    _, cfirst = gv.person_names(rng, people, c.male, True)
    father = gv.father_name(rng, people)

    def surname(male_form: str, male: bool) -> str:
        return male_form if male else gv.female_surname(male_form)

    c.last = surname(family, c.male)
    c.first = cfirst
    if p.self_app:
        c.middle = None if c.middle is None else gv.patronymic(father, c.male)
    else:
        a = p.applicant
        if p.different_surname:
            other = gv.person_names(rng, gv.pick_people(rng) if rng.random() < 0.3 else people, True, False)[0]
            a.last = surname(other, a.male)
        else:
            a.last = surname(family, a.male)
        if a.male:
            a.first = father
        else:
            a.first = gv.person_names(rng, people, False, False)[1]
        if a.middle is not None:
            a.middle = gv.patronymic(gv.father_name(rng, people), a.male)
        if c.middle is not None:
            c.middle = gv.patronymic(father, c.male)
    p.child_address, _, _ = gv.make_address(rng, STREETS, CITIES)
    p.applicant_address = p.child_address if p.self_app or rng.random() < 0.82 else \
        gv.make_address(rng, STREETS, CITIES)[0]
    p.email_printed, p.email = make_email(rng, fake, p.applicant, f.get("email_caps"))
    return p


def make_packet(rng: random.Random, fake: Faker, f: dict) -> Packet:
    """f: forced options (self_app, no_patronymic, hyphen, yo, long_address, email_caps,
    passport_spaced, different_surname, category, phone_style)."""
    sign = rand_date(rng, SIGN_LO, SIGN_HI)
    self_app = f.get("self_app", rng.random() < 0.08)
    yo = f.get("yo", False)
    if self_app:
        age = rng.randint(14, 17)
    else:
        age = rng.choices(range(5, 18), weights=[10, 10, 10, 10, 9, 9, 8, 8, 7, 6, 5, 4, 3])[0]
    # birth date such that age_on(birth, sign) == age
    hi = add_years(sign, -age)
    lo = add_years(sign, -age - 1) + dt.timedelta(days=1)
    cbirth = rand_date(rng, lo, hi)
    cmale = rng.random() < 0.5
    mpair = surname_pair(rng, fake, yo=yo and rng.random() < 0.5)
    cat = f.get("category") or rng.choices([c[0] for c in CATEGORIES], weights=[c[1] for c in CATEGORIES])[0]

    no_pat = f.get("no_patronymic", rng.random() < 0.05)
    if self_app:
        child_last = mpair[0] if cmale else mpair[1]
        if f.get("hyphen"):
            other = surname_pair(rng, fake)
            child_last += "-" + (other[0] if cmale else other[1])
        cfirst = first_name(rng, fake, cmale, False, yo)
        father = rng.choice(list(PATRONYMIC))
        cmiddle = None if no_pat else PATRONYMIC[father][0 if cmale else 1]
        child = Person(child_last, cfirst, cmiddle, cmale, cbirth)
        applicant = child
    else:
        r = rng.random()
        amale = r < 0.22
        a_age = age + rng.randint(19, 42)
        abirth = rand_date(rng, add_years(sign, -a_age - 1) + dt.timedelta(days=1), add_years(sign, -a_age))
        afirst = first_name(rng, fake, amale, True, yo and rng.random() < 0.5)
        if no_pat and rng.random() < 0.5:
            amiddle = None
        elif rng.random() < 0.6:
            amiddle = rng.choice(list(PATRONYMIC.values()))[0 if amale else 1]
        else:
            amiddle = fake.middle_name_male() if amale else fake.middle_name_female()
        different = f.get("different_surname", rng.random() < 0.12 or cat == CATEGORIES[3][0])
        if different:
            apair = surname_pair(rng, fake)
        else:
            apair = mpair
        alast = apair[0] if amale else apair[1]
        child_last = mpair[0] if cmale else mpair[1]
        if f.get("hyphen"):
            # mother with a double surname: e.g. Петрова-Водкина, child keeps the second part or both
            other = surname_pair(rng, fake)
            alast = other[1] + "-" + mpair[1] if not amale else other[0] + "-" + mpair[0]
            if rng.random() < 0.5:
                child_last = (other[0] if cmale else other[1]) + "-" + (mpair[0] if cmale else mpair[1])
        applicant = Person(alast, afirst, amiddle, amale, abirth)
        cfirst = first_name(rng, fake, cmale, False, yo)
        if no_pat and (amiddle is not None or rng.random() < 0.5):
            cmiddle = None
        elif amale and afirst in PATRONYMIC:
            cmiddle = PATRONYMIC[afirst][0 if cmale else 1]
        else:
            cmiddle = rng.choice(list(PATRONYMIC.values()))[0 if cmale else 1]
        child = Person(child_last, cfirst, cmiddle, cmale, cbirth)

    caddr, code = make_address(rng, fake, {k: f[k] for k in ("settlement", "postcode", "long_address", "yo") if k in f})
    if self_app or rng.random() < 0.82:
        aaddr = caddr
    else:
        aaddr, _ = make_address(rng, fake, {"yo": yo} if yo else {})
    phone_printed, phone = make_phone(rng, f.get("phone_style"))
    email_printed, email = make_email(rng, fake, applicant, f.get("email_caps"))
    ndig = rng.choices([1, 2, 3, 4, 5, 6], weights=[2, 4, 8, 20, 40, 26])[0]
    app_no = str(rng.randint(1 if ndig == 1 else 10 ** (ndig - 1), 10 ** ndig - 1))
    if rng.random() < 0.85:
        reg_no = "42" + code + f"{rng.randint(0, 999999):06d}"
    else:
        reg_no = "42" + code + f"{rng.randint(0, 99999):05d}"
    p = Packet(child=child, applicant=applicant, self_app=self_app, child_address=caddr,
               applicant_address=aaddr, phone_printed=phone_printed, phone=phone,
               email_printed=email_printed, email=email, app_no=app_no, reg_no=reg_no,
               category=cat, sign_date=sign)
    p.no_sign = "№ " if rng.random() < 0.3 else "№"
    p.different_surname = not self_app and (different or f.get("hyphen", False))
    if not self_app:
        a = applicant
        age_a = age_on(a.birth, sign)
        repl = 45 if age_a >= 45 else 20 if age_a >= 20 else 14
        lo = add_years(a.birth, repl) + dt.timedelta(days=rng.randint(3, 60))
        hi = min(sign - dt.timedelta(days=1), add_years(a.birth, {14: 20, 20: 45, 45: 100}[repl]))
        if lo > hi:
            lo = hi
        p.pass_date = rand_date(rng, lo, hi)
        home = [c for c in CITIES if f"г. {c[0]}," in p.applicant_address]
        city = home[0] if home and rng.random() < 0.7 else rng.choices(CITIES, weights=[c[5] for c in CITIES])[0]
        other = f.get("passport_other_region", rng.random() < 0.12)
        region = "32" if not other else rng.choice(sorted(OTHER_REGION_OFFICES))
        p.pass_series = region + f"{(p.pass_date.year % 100 + rng.choice([0, 0, 1, -1])) % 100:02d}"
        spaced = f.get("passport_spaced", rng.random() < 0.2)
        p.pass_series_printed = p.pass_series[:2] + " " + p.pass_series[2:] if spaced else p.pass_series
        p.pass_number = f"{rng.randint(0, 999999):06d}"
        # The series' first two digits are the code of the region whose office issued the passport.
        p.pass_office = (passport_office(rng, p.pass_date, city) if region == "32"
                         else rng.choice(OTHER_REGION_OFFICES[region]))
    return p


# --------------------------------------------------------------------------
# Text layout: a small flow engine (words, underlined fields with captions)
# --------------------------------------------------------------------------


@dataclass
class W:
    """A word (or a glued run such as "№40213"); style r=regular b=bold v=value t=title."""
    text: str
    style: str = "r"


@dataclass
class F:
    """A typed value on an underlined blank, optional caption under the line.
    width: fixed width in px, or None to fill the rest of the line."""
    value: str
    caption: str | None = None
    width: int | None = None
    suffix: str = ""          # punctuation printed right after the blank (",")


@dataclass
class BR:
    pass


# Per-page settings of the varied profile (set by build_packet in the worker that renders the page).
_PAGE: dict[str, Any] = {"revision": None, "signature": None, "unsigned": None}


def words(text: str, style: str = "r") -> list[W]:
    """Split on spaces; a lone dash is glued to the previous word so no line starts with it."""
    out: list[W] = []
    if style in ("r", "b") and _PAGE["revision"]:
        text = gv.reword(text, _PAGE["revision"])
    for tok in text.split(" "):
        if not tok:
            continue
        if tok in ("-", "—") and out:
            out[-1] = W(out[-1].text + "\u00a0" + tok, out[-1].style)
        else:
            out.append(W(tok, style))
    return out


class Style:
    def __init__(self, family: str, body_pt: float, dpi: int, spacing: float, value_style: str,
                 cap_pt: float | None = None, title_pt: float | None = None):
        reg, bold, _cls, _pkg = FONTS[family]
        self.family = family
        self.dpi = dpi
        self.px_per_pt = dpi / 72.0
        self.size = max(4, round(body_pt * self.px_per_pt))
        self.r = load_font(reg, self.size)
        self.b = load_font(bold, self.size)
        self.cap = load_font(reg, max(4, round((cap_pt or max(7.0, body_pt - 3.5)) * self.px_per_pt)))
        self.title = load_font(bold, max(4, round((title_pt or body_pt + 1) * self.px_per_pt)))
        self.spacing = spacing
        self.value_style = value_style  # "plain" | "underline" | "bold"
        self.lh = round(self.size * spacing)
        self.title_lh = round(self.title.size * 1.2)
        self.cap_lh = round(self.cap.size * 1.15)
        self.line_w = max(1, round(0.6 * self.px_per_pt))   # rule thickness ~0.6 pt

    def font(self, style: str) -> ImageFont.FreeTypeFont:
        if style == "b" or (style == "v" and self.value_style == "bold"):
            return self.b
        if style == "t":
            return self.title
        return self.r

    def mm(self, v: float) -> int:
        return round(v / 25.4 * self.dpi)


def _clean(s: str) -> str:
    return s.replace("\u00a0", " ")


def layout_flow(items: list, width: int, st: Style, align: str = "left", indent: int = 0,
                title: bool = False):
    """Lay out items in a box of the given width. Returns (ops, height, lines_text).
    ops are ("text", x, baseline, str, font) and ("rule", x0, y, x1, thickness)."""
    lh = st.title_lh if title else st.lh
    asc = (st.title if title else st.r).getmetrics()[0]
    lines: list[dict] = []
    cur: dict = {"pieces": [], "x": indent, "fill": False}
    lines.append(cur)

    def new_line():
        nonlocal cur
        cur = {"pieces": [], "x": 0, "fill": False}
        lines.append(cur)

    pad = st.mm(1.5)
    for it in items:
        if isinstance(it, BR):
            new_line()
            continue
        if cur["fill"]:
            new_line()
        if isinstance(it, W):
            font = st.title if title else st.font(it.style)
            w = font.getlength(_clean(it.text))
            sp = font.getlength(" ") if cur["pieces"] else 0
            if cur["pieces"] and cur["x"] + sp + w > width:
                new_line()
                sp = 0
            cur["pieces"].append({"k": "w", "text": it.text, "font": font, "w": w, "sp": sp,
                                  "style": it.style})
            cur["x"] += sp + w
        elif isinstance(it, F):
            font = st.font("v")
            if it.width is not None:
                vw = font.getlength(it.value)
                fw = max(it.width, vw + 2 * pad)
                sw = st.r.getlength(it.suffix) if it.suffix else 0
                sp = st.r.getlength(" ") if cur["pieces"] else 0
                if cur["pieces"] and cur["x"] + sp + fw + sw > width:
                    new_line()
                    sp = 0
                cur["pieces"].append({"k": "f", "text": it.value, "font": font, "w": fw, "sp": sp,
                                      "cap": it.caption, "vw": vw, "suffix": it.suffix, "sw": sw})
                cur["x"] += sp + fw + sw
            else:
                ws = it.value.split(" ")
                while ws:
                    sp = st.r.getlength(" ") if cur["pieces"] else 0
                    avail = width - cur["x"] - sp
                    k = 0
                    while k < len(ws) and font.getlength(" ".join(ws[:k + 1])) <= avail - pad:
                        k += 1
                    if k == 0:
                        if cur["pieces"]:
                            new_line()
                            continue
                        k = 1
                    part = " ".join(ws[:k])
                    ws = ws[k:]
                    cur["pieces"].append({"k": "f", "text": part, "font": font, "w": max(avail, 0),
                                          "sp": sp, "cap": None if ws else it.caption,
                                          "vw": font.getlength(part), "fillpart": True})
                    cur["x"] = width
                    cur["fill"] = True
                    if ws:
                        new_line()
    if not lines[-1]["pieces"] and len(lines) > 1:
        lines.pop()

    ops: list[tuple] = []
    texts: list[str] = []
    y = 0
    ul_off = max(2, round(st.size * 0.2))
    for li, line in enumerate(lines):
        ps = line["pieces"]
        natural = sum(p["sp"] + p["w"] + p.get("sw", 0) for p in ps)
        x0 = indent if li == 0 else 0
        extra = 0.0
        gaps = sum(1 for p in ps[1:])
        last = li == len(lines) - 1
        has_f = any(p["k"] == "f" for p in ps)
        if align == "center":
            x0 = (width - natural) / 2
        elif align == "right":
            x0 = width - natural
        elif align == "justify" and not last and not has_f and gaps:
            extra = (width - x0 - natural) / gaps
            if extra > st.size * 1.5:      # don't stretch a very short line
                extra = 0
        base = y + asc
        x = x0
        has_cap = False
        ul_run: list[float] | None = None
        for i, p in enumerate(ps):
            x += p["sp"] + (extra if i > 0 else 0)
            if p["k"] == "w":
                ops.append(("text", x, base, _clean(p["text"]), p["font"]))
                if p["style"] == "v" and st.value_style == "underline":
                    if ul_run and i > 0 and ps[i - 1]["k"] == "w" and ps[i - 1]["style"] == "v":
                        ul_run[1] = x + p["w"]
                    else:
                        ul_run = [x, x + p["w"]]
                        ops.append(("rulerun", ul_run, base + ul_off, max(1, st.line_w - 1)))
            else:
                tx = x + pad if p.get("fillpart") else x + (p["w"] - p["vw"]) / 2
                ops.append(("text", tx, base, p["text"], p["font"]))
                ops.append(("rule", x, base + ul_off, x + p["w"], st.line_w))
                if p["cap"]:
                    has_cap = True
                    cw = st.cap.getlength(p["cap"])
                    ops.append(("text", x + (p["w"] - cw) / 2,
                                base + ul_off + st.cap.getmetrics()[0] + st.line_w + 1, p["cap"], st.cap))
                if p.get("suffix"):
                    ops.append(("text", x + p["w"], base, p["suffix"], st.r))
                    x += p["sw"]
            x += p["w"]
        texts.append(" ".join(_clean(p["text"]) + p.get("suffix", "") for p in ps))
        y += lh + (st.cap_lh if has_cap else 0)
    return ops, y, texts


class Canvas:
    """High-resolution ink layers of one A4 page: text (black) and signature (pen)."""

    def __init__(self, dpi: int, size_mm=(210, 297)):
        self.dpi = dpi
        self.W = round(size_mm[0] / 25.4 * dpi)
        self.H = round(size_mm[1] / 25.4 * dpi)
        self.text = Image.new("L", (self.W, self.H), 0)
        self.sig = Image.new("L", (self.W, self.H), 0)
        self.dt = ImageDraw.Draw(self.text)
        self.ds = ImageDraw.Draw(self.sig)
        self.blocks: list[str] = []     # logical text blocks, for the self-check
        self.lines_of: dict[str, int] = {}   # value -> number of printed lines it took
        self.signed = False
        self.overflow = False
        self.sig_rgb: tuple | None = None   # the pen's colour when not the scan's usual one

    def mm(self, v: float) -> int:
        return round(v / 25.4 * self.dpi)

    def apply(self, ops, dx: float, dy: float):
        for op in ops:
            if op[0] == "text":
                _, x, base, s, font = op
                self.dt.text((round(dx + x), round(dy + base)), s, font=font, fill=255, anchor="ls")
            elif op[0] == "rule":
                _, x0, y, x1, t = op
                self.dt.rectangle([round(dx + x0), round(dy + y), round(dx + x1), round(dy + y) + t - 1],
                                  fill=255)
            elif op[0] == "rulerun":
                _, (x0, x1), y, t = op
                self.dt.rectangle([round(dx + x0), round(dy + y), round(dx + x1), round(dy + y) + t - 1],
                                  fill=255)
            elif op[0] == "box":
                _, x0, y0, x1, y1, t = op
                self.dt.rectangle([round(dx + x0), round(dy + y0), round(dx + x1), round(dy + y1)],
                                  outline=255, width=t)


# --------------------------------------------------------------------------
# Page composition: blocks stacked vertically
# --------------------------------------------------------------------------


class PageWriter:
    def __init__(self, canvas: Canvas, st: Style, rng: random.Random, margins_mm: tuple):
        self.c = canvas
        self.st = st
        self.rng = rng
        l, r, t, b = margins_mm
        self.x0 = canvas.mm(l)
        self.x1 = canvas.W - canvas.mm(r)
        self.y = canvas.mm(t)
        self.ybottom = canvas.H - canvas.mm(b)
        self.width = self.x1 - self.x0

    def gap(self, mm: float):
        self.y += self.c.mm(mm)

    def flow(self, items, align="justify", indent_mm=0.0, title=False, x0=None, width=None,
             track: list[str] | None = None):
        x0 = self.x0 if x0 is None else x0
        width = self.width if width is None else width
        ops, h, texts = layout_flow(items, width, self.st, align, self.c.mm(indent_mm), title)
        self.c.apply(ops, x0, self.y)
        self.y += h
        self._record(texts, track)
        if self.y > self.ybottom:
            self.c.overflow = True
        return texts

    def _record(self, texts: list[str], track: list[str] | None):
        block = " ".join(texts)
        self.c.blocks.append(block)
        for v in track or []:
            # count printed lines that hold a part of the value
            n = wrapped_lines(v, texts)
            self.c.lines_of[v] = max(self.c.lines_of.get(v, 0), n)

    def table(self, rows: list, col_frac: float, track: list[str] | None = None):
        st = self.st
        pad = st.mm(1.6)
        t = max(1, st.line_w)
        lw = round(self.width * col_frac)
        vw = self.width - lw
        top = self.y
        for row in rows:
            if row[0] == "span":
                ops, h, texts = layout_flow(row[1], self.width - 2 * pad, st, "left")
                rh = h + 2 * pad
                self.c.apply(ops, self.x0 + pad, self.y + pad)
                self.c.apply([("box", 0, 0, self.width, rh, t)], self.x0, self.y)
                self._record(texts, track)
            else:
                lops, lh_, ltexts = layout_flow(row[1], lw - 2 * pad, st, "left")
                vops, vh, vtexts = layout_flow(row[2], vw - 2 * pad, st, "left")
                rh = max(lh_, vh) + 2 * pad
                self.c.apply(lops, self.x0 + pad, self.y + pad)
                self.c.apply(vops, self.x0 + lw + pad, self.y + pad)
                self.c.apply([("box", 0, 0, lw, rh, t), ("box", lw, 0, self.width, rh, t)], self.x0, self.y)
                self._record(ltexts, None)
                self._record(vtexts, track)
            self.y += rh
        if self.y > self.ybottom:
            self.c.overflow = True
        return top

    def sign_line(self, date_text: str, name_text: str, signed: bool, captions: bool):
        st = self.st
        asc = st.r.getmetrics()[0]
        base = self.y + asc + self.c.mm(6)
        self.c.dt.text((self.x0, base), date_text, font=st.r, fill=255, anchor="ls")
        ul = max(2, round(st.size * 0.2))
        sx0 = self.x0 + round(self.width * 0.42)
        sx1 = self.x0 + round(self.width * 0.66)
        nx0 = self.x0 + round(self.width * 0.70)
        nw = st.r.getlength(name_text)
        nx1 = max(self.x1, nx0 + nw)
        self.c.dt.rectangle([sx0, base + ul, sx1, base + ul + st.line_w - 1], fill=255)
        self.c.dt.text((nx0 + (nx1 - nx0 - nw) / 2, base), name_text, font=st.r, fill=255, anchor="ls")
        if captions:
            self.c.dt.rectangle([nx0, base + ul, nx1, base + ul + st.line_w - 1], fill=255)
            for (a, b), cap in (((sx0, sx1), "(подпись)"), ((nx0, nx1), "(расшифровка подписи)")):
                cw = st.cap.getlength(cap)
                self.c.dt.text(((a + b - cw) / 2, base + ul + st.cap.getmetrics()[0] + 2), cap,
                               font=st.cap, fill=255, anchor="ls")
        self.c.blocks.append(date_text)
        self.c.blocks.append(name_text)
        if signed:
            style = _PAGE["signature"] or "scribble"
            h = self.c.mm(self.rng.uniform(9, 15))
            w = min(sx1 - sx0 + self.c.mm(8), self.c.mm(self.rng.uniform(28, 44)))
            bx0 = sx0 + self.rng.uniform(-0.05, 0.25) * (sx1 - sx0 - w * 0.7)
            by1 = base + ul + self.c.mm(self.rng.uniform(0, 4))
            if style == "across":
                # a large scribble whose lower half hangs below the line, over the caption
                h = self.c.mm(self.rng.uniform(12, 18))
                by1 = base + ul + h * self.rng.uniform(0.35, 0.55)
            if style == "above":
                # drawn mostly above the line, its lowest stroke a few millimetres over it
                by1 = base - self.c.mm(self.rng.uniform(1.5, 5))
            if style == "tick":
                gv.draw_tick(self.c.ds, (sx0 + (sx1 - sx0) * self.rng.uniform(0.1, 0.7),
                                         base + ul - self.c.mm(self.rng.uniform(0, 1.5))), self.rng, self.c.dpi)
            elif style == "initials":
                gv.draw_initials(self.c.ds, (bx0, by1 - self.c.mm(self.rng.uniform(5, 8)), sx1, by1), self.rng,
                                 self.c.dpi)
            else:
                fill = round(self.rng.uniform(60, 120)) if style == "faint" else 255
                if style == "blue-faint":
                    # a light blue ballpoint: pale on a grey scan, near the threshold after binarisation
                    fill = round(self.rng.uniform(120, 200))
                    self.c.sig_rgb = (round(self.rng.uniform(70, 110)), round(self.rng.uniform(110, 150)),
                                      round(self.rng.uniform(200, 235)))
                draw_signature(self.c.ds, (bx0, by1 - h, bx0 + w, by1), self.rng, self.c.dpi, fill)
            if style == "stamp":
                gv.draw_stamp(self.c.ds, (sx0 + (sx1 - sx0) * self.rng.uniform(0.2, 0.8),
                                          base + self.c.mm(self.rng.uniform(-6, 2))), self.rng, self.c.dpi,
                              round(self.rng.uniform(150, 220)))
            self.c.signed = True
        elif _PAGE["unsigned"] in ("dot", "noise", "stamp-only"):
            kind = _PAGE["unsigned"]
            fill = 255
            if kind == "dot":
                # a stray pen dot on or near the line
                gv.draw_specks(self.c.ds, (sx0, base - self.c.mm(4), sx1, base + ul), self.rng, self.c.dpi,
                               1, fill, (0.3, 0.7))
            elif kind == "noise":
                # scanner dust: a few specks over the signature place
                gv.draw_specks(self.c.ds, (sx0 - self.c.mm(5), base - self.c.mm(8), sx1 + self.c.mm(5),
                                           base + self.c.mm(3)), self.rng, self.c.dpi,
                               self.rng.randint(3, 12), round(self.rng.uniform(120, 255)))
            else:
                gv.draw_stamp(self.c.ds, (sx0 + (sx1 - sx0) * self.rng.uniform(0.2, 0.8),
                                          base + self.c.mm(self.rng.uniform(-6, 2))), self.rng, self.c.dpi,
                              round(self.rng.uniform(150, 220)))
        self.y = base + self.c.mm(12 if captions else 8)


def wrapped_lines(value: str, texts: list[str]) -> int:
    """How many printed lines hold a part of value (1 = not wrapped, 0 = not found)."""
    joined = " ".join(texts)
    pos = joined.find(value)
    if pos < 0:
        return 0
    starts = []
    off = 0
    for t in texts:
        starts.append(off)
        off += len(t) + 1
    first = max(i for i, s in enumerate(starts) if s <= pos)
    lastpos = pos + len(value) - 1
    last = max(i for i, s in enumerate(starts) if s <= lastpos)
    return last - first + 1


def draw_signature(draw: ImageDraw.ImageDraw, box, rng: random.Random, dpi: int, fill: int = 255):
    """A scribbled cursive-like signature: a looping trochoid with random amplitude plus a flourish."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    pen = max(2, round(rng.uniform(0.35, 0.6) / 25.4 * dpi))
    pts = []
    n_loops = rng.randint(4, 9)
    steps = n_loops * 28
    v = w * rng.uniform(0.55, 0.8) / steps
    r = w * rng.uniform(0.025, 0.05)
    amp = [rng.uniform(0.15, 0.5) * h for _ in range(n_loops + 2)]
    cy = y0 + h * rng.uniform(0.45, 0.6)
    slant = rng.uniform(0.1, 0.35)
    for i in range(steps):
        t = i / 28 * 2 * math.pi
        k = i // 28
        fr = (i % 28) / 28
        a = amp[k] * (1 - fr) + amp[k + 1] * fr
        yy = cy - a * math.cos(t) * (1.0 if k % 3 else 1.6)
        xx = x0 + w * 0.05 + v * i - r * math.sin(t) + slant * (cy - yy)
        pts.append((xx, yy))
    draw.line(pts, fill=fill, width=pen, joint="curve")
    # capital letter stroke at the start
    if rng.random() < 0.8:
        sx = x0 + w * 0.04
        cap = [(sx + w * 0.02, cy + h * 0.2), (sx + w * 0.06, y0 + h * 0.05),
               (sx + w * 0.1, cy + h * 0.25), (sx + w * 0.13, y0 + h * 0.15), (sx + w * 0.15, cy)]
        draw.line(smooth(cap, 12), fill=fill, width=pen, joint="curve")
    # flourish
    if rng.random() < 0.85:
        fx0 = x0 + w * rng.uniform(0.0, 0.2)
        fy = y0 + h * rng.uniform(0.7, 0.95)
        ctrl = [(fx0, fy), (x0 + w * 0.5, fy + h * rng.uniform(-0.1, 0.2)),
                (x1, fy - h * rng.uniform(0.1, 0.5)), (x1 - w * 0.1, fy - h * rng.uniform(0.4, 0.7))]
        draw.line(smooth(ctrl, 20), fill=fill, width=max(2, pen - 1), joint="curve")


def smooth(ctrl: list[tuple[float, float]], n: int) -> list[tuple[float, float]]:
    """Catmull-Rom through control points."""
    out = []
    p = [ctrl[0]] + ctrl + [ctrl[-1]]
    for i in range(1, len(p) - 2):
        p0, p1, p2, p3 = p[i - 1], p[i], p[i + 1], p[i + 2]
        for j in range(n):
            t = j / n
            t2, t3 = t * t, t * t * t
            out.append(tuple(0.5 * ((2 * p1[d]) + (-p0[d] + p2[d]) * t + (2 * p0[d] - 5 * p1[d] + 4 * p2[d] - p3[d]) * t2
                                    + (-p0[d] + 3 * p1[d] - 3 * p2[d] + p3[d]) * t3) for d in (0, 1)))
    out.append(ctrl[-1])
    return out


# --------------------------------------------------------------------------
# The forms
# --------------------------------------------------------------------------

APP_TITLE = ("ЗАЯВЛЕНИЕ О ПРЕДОСТАВЛЕНИИ СЕРТИФИКАТА ДОПОЛНИТЕЛЬНОГО ОБРАЗОВАНИЯ И "
             "РЕГИСТРАЦИИ В РЕЕСТРЕ СЕРТИФИКАТОВ ДОПОЛНИТЕЛЬНОГО ОБРАЗОВАНИЯ")
APP_ASK_PARENT = ("Прошу зарегистрировать указанного ниже ребенка, родителем (законным представителем) "
                  "которого я являюсь, в реестре сертификатов дополнительного образования Кемеровской "
                  "области под реестровой записью")
APP_ASK_SELF = ("Прошу зарегистрировать меня в реестре сертификатов дополнительного образования "
                "Кемеровской области под реестровой записью")
APP_CHILD_HDR = "Сведения о ребенке, которому предоставляется сертификат:"
APP_CHILD_NAME = "Фамилия, имя, отчество (при наличии) ребенка:"
APP_CHILD_BIRTH = "Дата рождения ребенка:"
APP_CHILD_ADDR = "Место (адрес) проживания ребенка:"
APP_CAT = ("Прошу предоставить сертификат дополнительного образования, предусмотренный для "
           "следующей категории детей:")
APP_APPL_HDR = "Сведения о заявителе:"
APP_APPL_NAME = "Фамилия, имя, отчество (при наличии):"
APP_PHONE = "Контактный телефон:"
APP_EMAIL = "Адрес электронной почты:"
APP_LEGAL = [
    "С условиями предоставления, использования, прекращения действия сертификата дополнительного "
    "образования, а также с Правилами персонифицированного финансирования дополнительного "
    "образования детей в Кемеровской области - Кузбассе ознакомлен(а).",
    "Обязуюсь уведомлять уполномоченный орган Кемеровской области об изменениях сведений, "
    "указанных в настоящем заявлении, не позднее чем через 20 рабочих дней после соответствующих "
    "изменений.",
]
CONS_TITLE = "СОГЛАСИЕ НА ОБРАБОТКУ ПЕРСОНАЛЬНЫХ ДАННЫХ"
CONS_LAW = ("в соответствии с требованием статьи 9 Федерального закона от 27.07.2006 г. №152-ФЗ "
            "«О персональных данных» даю свое согласие на обработку моих персональных данных и "
            "персональных данных ребенка")
CONS_PURPOSE = ("в целях предоставления сертификата дополнительного образования, учета его "
                "использования и ведения реестра сертификатов дополнительного образования "
                "Кемеровской области.")
CONS_LEGAL = [
    "Перечень персональных данных, на обработку которых дается согласие: фамилия, имя, отчество, "
    "дата рождения, адрес проживания, данные документа, удостоверяющего личность, контактный "
    "телефон, адрес электронной почты.",
    "Согласие дается на совершение следующих действий с персональными данными: сбор, запись, "
    "систематизация, накопление, хранение, уточнение (обновление, изменение), извлечение, "
    "использование, передача (предоставление, доступ), обезличивание, блокирование, удаление, "
    "уничтожение, с использованием средств автоматизации и без использования таких средств.",
    "Настоящее согласие действует со дня его подписания до дня достижения ребенком возраста "
    "18 лет или до дня его отзыва и может быть отозвано по письменному заявлению.",
]


@dataclass
class PageOpts:
    layout: str
    family: str
    body_pt: float
    spacing: float
    value_style: str
    label_bold: bool
    justify: bool
    margins: tuple
    col_frac: float
    captions: bool


def page_opts(rng: random.Random, layout: str, family: str) -> PageOpts:
    cls = FONTS[family][2]
    if cls == "mono":
        pt = rng.choice([10, 10.5, 11])
    elif cls == "condensed":
        pt = rng.choice([11, 12, 12.5, 13])
    else:
        pt = rng.choice([10.5, 11, 12, 12, 13])
    return PageOpts(
        layout=layout, family=family, body_pt=pt, spacing=rng.uniform(1.18, 1.4),
        value_style=rng.choices(["plain", "underline", "bold"], weights=[6, 2, 2])[0] if layout == "inline" else "plain",
        label_bold=rng.random() < 0.35, justify=rng.random() < 0.7,
        margins=(rng.uniform(20, 30), rng.uniform(10, 15), rng.uniform(12, 20), 12),
        col_frac=rng.uniform(0.36, 0.45), captions=rng.random() < 0.6)


def n_items(p: Packet, num: str, style: str = "v") -> list:
    """"№40213" or "№ 40213" glued (no break between sign and number)."""
    if p.no_sign == "№":
        return [W("№" + num, style)]
    return [W("№\u00a0" + num, style)]


def render_application(c: Canvas, st: Style, o: PageOpts, p: Packet, rng: random.Random, signed: bool):
    pw = PageWriter(c, st, rng, o.margins)
    al = "justify" if o.justify else "left"
    lab = "b" if o.label_bold else "r"
    track = [p.child_address, p.category]
    child_full = p.child.full()
    appl_full = p.applicant.full()
    ask = APP_ASK_SELF if p.self_app else APP_ASK_PARENT
    if o.layout == "underline":
        pw.flow(words(APP_TITLE, "t") + [W("№", "t"), F(p.app_no, None, c.mm(28))], align="center", title=True)
        pw.gap(5)
        pw.flow(words(ask) + [W("№"), F(p.reg_no, "(номер реестровой записи)", c.mm(42))], align="left",
                indent_mm=12.5)
        pw.gap(3)
        pw.flow(words(APP_CHILD_HDR, "b"), align="left")
        pw.gap(1)
        pw.flow([F(child_full, "(фамилия, имя, отчество (при наличии) ребенка)")], track=track)
        pw.flow([F(fmt_date(p.child.birth), "(дата рождения ребенка)", c.mm(60))], align="left")
        pw.flow([F(p.child_address, "(место (адрес) проживания ребенка)")], track=track)
        pw.gap(2)
        pw.flow(words(APP_CAT), align=al, indent_mm=12.5)
        pw.flow([F(p.category, "(категория детей)")], track=track)
        pw.gap(3)
        pw.flow(words(APP_APPL_HDR, "b"), align="left")
        pw.gap(1)
        pw.flow([F(appl_full, "(фамилия, имя, отчество (при наличии) заявителя)")])
        pw.flow(words("Контактный телефон") + [F(p.phone_printed, "(номер телефона)", c.mm(70))], align="left")
        pw.flow(words("Адрес электронной почты") + [F(p.email_printed, "(e-mail)", c.mm(80))], align="left")
    elif o.layout == "table":
        pw.flow(words(APP_TITLE, "t") + n_items(p, p.app_no, "t"), align="center", title=True)
        pw.gap(5)
        pw.flow(words(ask) + n_items(p, p.reg_no, "r"), align=al, indent_mm=12.5)
        pw.gap(3)
        rows = [
            ("span", words(APP_CHILD_HDR, "b")),
            ("row", words(APP_CHILD_NAME.rstrip(":"), lab), words(child_full, "v")),
            ("row", words(APP_CHILD_BIRTH.rstrip(":"), lab), words(fmt_date(p.child.birth), "v")),
            ("row", words(APP_CHILD_ADDR.rstrip(":"), lab), words(p.child_address, "v")),
            ("row", words(APP_CAT.rstrip(":"), lab), words(p.category, "v")),
            ("span", words(APP_APPL_HDR, "b")),
            ("row", words(APP_APPL_NAME.rstrip(":"), lab), words(appl_full, "v")),
            ("row", words(APP_PHONE.rstrip(":"), lab), words(p.phone_printed, "v")),
            ("row", words(APP_EMAIL.rstrip(":"), lab), words(p.email_printed, "v")),
        ]
        pw.table(rows, o.col_frac, track=track)
    else:  # inline
        pw.flow(words(APP_TITLE, "t") + n_items(p, p.app_no, "t"), align="center", title=True)
        pw.gap(5)
        pw.flow(words(ask) + n_items(p, p.reg_no), align=al, indent_mm=12.5)
        pw.gap(3)
        pw.flow(words(APP_CHILD_HDR, "b"), align="left")
        pw.flow(words(APP_CHILD_NAME, lab) + words(child_full, "v"), align="left")
        pw.flow(words(APP_CHILD_BIRTH, lab) + words(fmt_date(p.child.birth), "v"), align="left")
        pw.flow(words(APP_CHILD_ADDR, lab) + words(p.child_address, "v"), align="left", track=track)
        pw.gap(2)
        pw.flow(words(APP_CAT) + words(p.category, "v"), align="left", indent_mm=12.5, track=track)
        pw.gap(3)
        pw.flow(words(APP_APPL_HDR, "b"), align="left")
        pw.flow(words(APP_APPL_NAME, lab) + words(appl_full, "v"), align="left")
        pw.flow(words(APP_PHONE, lab) + words(p.phone_printed, "v"), align="left")
        pw.flow(words(APP_EMAIL, lab) + words(p.email_printed, "v"), align="left")
    pw.gap(5)
    for para in APP_LEGAL:
        pw.flow(words(para), align=al, indent_mm=12.5)
        pw.gap(1)
    pw.gap(4)
    pw.sign_line(fmt_date_long(p.sign_date), p.applicant.initials(rng), signed, o.captions)
    return pw


def render_consent(c: Canvas, st: Style, o: PageOpts, p: Packet, rng: random.Random, signed: bool):
    pw = PageWriter(c, st, rng, o.margins)
    al = "justify" if o.justify else "left"
    lab = "b" if o.label_bold else "r"
    track = [p.applicant_address, p.child_address, p.pass_office]
    a = p.applicant
    pass_date = fmt_date(p.pass_date)
    pw.flow(words(CONS_TITLE, "t"), align="center", title=True)
    pw.gap(6)
    if o.layout == "inline":
        items = (words("Я,") + words(a.full() + ",", "v") + words("проживающий(ая) по адресу")
                 + words(p.applicant_address + ",", "v") + words("паспорт")
                 + words(p.pass_series_printed, "v") + [W("№")] + words(p.pass_number + ",", "v")
                 + words("выдан") + words(pass_date, "v") + words(p.pass_office + ",", "v")
                 + words(CONS_LAW) + [W("(")] + words(p.child.full() + ",", "v")
                 + words("проживающего по адресу:") + words(p.child_address, "v") + [W("),")]
                 + words("родителем (законным представителем) которого я являюсь, указанных в "
                         "заявлении о получении сертификата дополнительного образования")
                 + n_items(p, p.app_no + ",") + words(CONS_PURPOSE))
        # glue "(" to the following word and ")," to the preceding word
        items = glue_brackets(items)
        pw.flow(items, align=al, indent_mm=12.5, track=track)
    elif o.layout == "table":
        rows = [
            ("row", words("Я, фамилия, имя, отчество (при наличии)", lab), words(a.full(), "v")),
            ("row", words("проживающий(ая) по адресу", lab), words(p.applicant_address, "v")),
            ("row", words("паспорт: серия, номер", lab),
             words(p.pass_series_printed, "v") + [W("№", "v")] + words(p.pass_number, "v")),
            ("row", words("дата выдачи", lab), words(pass_date, "v")),
            ("row", words("кем выдан", lab), words(p.pass_office, "v")),
        ]
        pw.table(rows, o.col_frac, track=track)
        pw.gap(3)
        pw.flow(words(CONS_LAW + ":"), align=al)
        pw.gap(2)
        rows = [
            ("row", words("фамилия, имя, отчество (при наличии) ребенка", lab), words(p.child.full(), "v")),
            ("row", words("проживающего по адресу", lab), words(p.child_address, "v")),
        ]
        pw.table(rows, o.col_frac, track=track)
        pw.gap(3)
        pw.flow(words("родителем (законным представителем) которого я являюсь, указанных в заявлении о "
                      "получении сертификата дополнительного образования") + n_items(p, p.app_no + ",")
                + words(CONS_PURPOSE), align=al, track=track)
    else:  # underline
        pw.flow([W("Я,"), F(a.full(), "(фамилия, имя, отчество (при наличии))")], track=track)
        pw.flow(words("проживающий(ая) по адресу") + [F(p.applicant_address, "(адрес проживания)")],
                align="left", track=track)
        pw.flow(words("паспорт серия") + [F(p.pass_series_printed, None, c.mm(18)), W("№"),
                                          F(p.pass_number, None, c.mm(28)), W("выдан"),
                                          F(pass_date, "(дата выдачи)", c.mm(30))], align="left")
        pw.flow([F(p.pass_office, "(кем выдан)")], track=track)
        pw.gap(1)
        pw.flow(words(CONS_LAW), align=al)
        pw.flow([F(p.child.full(), "(фамилия, имя, отчество (при наличии) ребенка)")])
        pw.flow(words("проживающего по адресу:") + [F(p.child_address, "(адрес проживания ребенка)")],
                align="left", track=track)
        pw.flow(words("родителем (законным представителем) которого я являюсь, указанных в заявлении о "
                      "получении сертификата дополнительного образования №")
                + [F(p.app_no, None, c.mm(24), suffix=",")] + words(CONS_PURPOSE), align="left")
    pw.gap(2)
    for para in CONS_LEGAL:
        pw.flow(words(para), align=al, indent_mm=12.5)
        pw.gap(1)
    pw.gap(4)
    date_text = fmt_date_long(p.sign_date) if rng.random() < 0.6 else fmt_date(p.sign_date)
    pw.sign_line(date_text, a.initials(rng), signed, o.captions)
    return pw


def glue_brackets(items: list) -> list:
    out: list = []
    glue_next = False
    for it in items:
        if isinstance(it, W) and it.text == "(":
            glue_next = True
            continue
        if isinstance(it, W) and it.text.startswith(")") and out and isinstance(out[-1], W):
            prev = out[-1]
            out[-1] = W(prev.text + it.text, prev.style)
            continue
        if glue_next and isinstance(it, W):
            it = W("(" + it.text, it.style)
            glue_next = False
        out.append(it)
    return out


# --------------------------------------------------------------------------
# Negative pages
# --------------------------------------------------------------------------


def render_spravka(c: Canvas, st: Style, rng: random.Random, fake: Faker):
    pw = PageWriter(c, st, rng, (25, 12, 18, 12))
    school = rng.randint(1, 99)
    city = rng.choice(CITIES[:9])
    pw.flow(words(f"Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная "
                  f"школа № {school}»", "b"), align="center")
    pw.flow(words(f"Кемеровская область - Кузбасс, г. {city[0]}, ул. {rng.choice(STREETS)}, д. {rng.randint(1, 90)}"),
            align="center")
    pw.flow(words(f"тел. 8 (3842) {rng.randint(10, 99)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"), align="center")
    pw.gap(12)
    pw.flow(words("СПРАВКА", "t"), align="center", title=True)
    pw.gap(6)
    male = rng.random() < 0.5
    last = surname_pair(rng, fake)[0 if male else 1]
    name = f"{last}у" if male else f"{last[:-1]}ой"
    first = rng.choice(MALE_CHILD if male else FEMALE_CHILD)
    dat_first = first + ("у" if male and first[-1] not in "йь" else "ю" if male else "")
    if not male:
        dat_first = first[:-1] + ("и" if first.endswith("ия") else "е")
    birth = rand_date(rng, dt.date(2009, 1, 1), dt.date(2018, 12, 31))
    grade = rng.randint(1, 11)
    pw.flow(words(f"Дана {name} {dat_first}, {fmt_date(birth)} года рождения, в том, что "
                  f"{'он' if male else 'она'} действительно обучается в {grade} «{rng.choice('АБВГ')}» "
                  f"классе МБОУ «СОШ № {school}» в 2025-2026 учебном году."), align="justify", indent_mm=12.5)
    pw.gap(2)
    pw.flow(words("Форма обучения: очная. Приказ о зачислении от "
                  f"{fmt_date(rand_date(rng, dt.date(2016, 8, 25), dt.date(2024, 9, 1)))} № {rng.randint(10, 300)}."),
            align="justify", indent_mm=12.5)
    pw.gap(2)
    pw.flow(words("Справка выдана для предъявления по месту требования."), align="justify", indent_mm=12.5)
    pw.gap(20)
    pw.flow(words(f"Директор школы ____________________ {fake.last_name()} "
                  f"{rng.choice('АВГДЕИЛМНОСТ')}.{rng.choice('АВГДЕИЛМНОСТ')}."), align="left")
    pw.gap(6)
    pw.flow(words("М.П."), align="left")


def render_receipt(c: Canvas, st: Style, rng: random.Random, fake: Faker):
    """A till receipt strip lying in the middle of the scanner bed."""
    width_mm = 72
    left = (210 - width_mm) / 2 + rng.uniform(-20, 20)
    pw = PageWriter(c, st, rng, (left + 3, 210 - left - width_mm + 3, 30 + rng.uniform(0, 30), 12))
    items = [("Тетрадь 48 л. клетка", 89.0), ("Ручка гелевая синяя", 45.5), ("Карандаш ч/г HB", 19.9),
             ("Альбом для рисования 24 л.", 135.0), ("Краски акварельные 12 цв.", 210.0),
             ("Пакет-майка", 6.0), ("Обложка для тетради", 12.5), ("Клей-карандаш 21 г", 64.0)]
    rng.shuffle(items)
    chosen = items[:rng.randint(3, 6)]
    lines = [f"ООО «{rng.choice(['Кузбасс-Торг', 'Канцмир', 'Сибирь-Офис', 'Школьник'])}»",
             f"г. {rng.choice(CITIES)[0]}, ул. {rng.choice(STREETS)}, {rng.randint(1, 99)}",
             f"ИНН 42{rng.randint(0, 99999999):08d}", "КАССОВЫЙ ЧЕК", "Приход"]
    total = 0.0
    for name, price in chosen:
        q = rng.randint(1, 3)
        total += q * price
        lines.append(name)
        lines.append(f"{q} x {price:.2f} = {q * price:.2f}")
    d = rand_date(rng, SIGN_LO, SIGN_HI)
    lines += [f"ИТОГО ={total:.2f}", f"Безналичными ={total:.2f}", "НДС не облагается",
              f"{fmt_date(d)} {rng.randint(8, 21):02d}:{rng.randint(0, 59):02d}",
              f"ФН 99604403{rng.randint(0, 99999999):08d}", f"ФД {rng.randint(1000, 99999)}",
              f"ФП {rng.randint(10 ** 9, 10 ** 10 - 1)}", "СПАСИБО ЗА ПОКУПКУ!"]
    # paper strip (drawn into a separate "paper" mask by the caller via c.paper_box)
    c.paper_box = (c.mm(left), pw.y - c.mm(10), c.mm(left + width_mm), 0)
    for ln in lines:
        pw.flow(words(ln, "b" if ln in ("КАССОВЫЙ ЧЕК", "ИТОГО") else "r"),
                align="center" if ln.isupper() else "left")
    c.paper_box = (c.paper_box[0], c.paper_box[1], c.paper_box[2], pw.y + c.mm(12))


ENGLISH = [
    "Dear Sir or Madam,",
    "I am writing on behalf of the Riverside Youth Arts Centre regarding the enrolment of students in "
    "our after-school programmes for the autumn term. Places in the robotics club, the drama studio "
    "and the junior football section are limited and will be allocated in the order in which "
    "applications are received.",
    "Please complete the attached registration form in block capitals, sign the parental consent "
    "section and return both pages to the office before the end of the month. A copy of the child's "
    "birth certificate and proof of address are required for every new student.",
    "If you have any questions about fees, timetables or transport, do not hesitate to contact the "
    "office by telephone or e-mail. We look forward to welcoming your child to the centre.",
    "Yours faithfully,",
]


def render_english(c: Canvas, st: Style, rng: random.Random, fake: Faker):
    from faker import Faker as _F
    en = _F("en_GB")
    en.seed_instance(rng.randint(0, 2 ** 31))
    pw = PageWriter(c, st, rng, (25, 15, 20, 12))
    pw.flow(words("RIVERSIDE YOUTH ARTS CENTRE", "t"), align="center", title=True)
    pw.flow(words(en.street_address().replace("\n", ", ") + ", " + en.city() + " " + en.postcode()), align="center")
    pw.gap(10)
    pw.flow(words(f"{rng.randint(1, 28)} {rng.choice(['March', 'April', 'September', 'October'])} 2026"),
            align="right")
    pw.gap(6)
    pw.flow(words("Re: Application for after-school programmes", "b"), align="left")
    pw.gap(4)
    for para in ENGLISH:
        pw.flow(words(para), align="justify" if len(para) > 40 else "left")
        pw.gap(3)
    pw.gap(10)
    pw.flow(words(en.name()), align="left")
    pw.flow(words("Programme Coordinator"), align="left")


# --------------------------------------------------------------------------
# Scanner simulation
# --------------------------------------------------------------------------


@dataclass
class Quality:
    name: str
    dpi: int
    skew: float
    ink_spread: float       # gaussian radius at render resolution
    blur: float             # gaussian radius at output resolution
    noise: float            # gaussian sigma (0-255)
    speckle: float          # salt-and-pepper density
    dust: int               # number of dark dust specks
    paper: float            # paper grey level
    tint: tuple             # colour tint multipliers
    ink: float              # ink strength (1 = full black)
    shadow: float           # illumination drop at the darkest edge (0..1)
    fold: bool
    colour: bool
    jpeg_q: int
    shift_mm: tuple
    bg_clip: bool = False   # scanner "background removal": paper (and its noise) becomes white
    streaks: int = 0        # printer: vertical bands of thin toner
    bilevel: bool = False   # scanner: black-and-white output (threshold), as fax-like office scanners give


def sample_quality(rng: random.Random, name: str, colour: bool | None = None, dpi: int | None = None,
                   fmt: str = "png", keep_noise: bool = False) -> Quality:
    q = _sample_quality(rng, name, colour)
    if dpi:
        q.dpi = dpi
    if name == "scan" and (fmt == "png" or rng.random() < 0.5) and not keep_noise:
        q.bg_clip = True        # lossless output of a noisy page would be huge; scanners clean it
    if name == "poor" and fmt in ("png", "tif"):
        q.noise = min(q.noise, rng.uniform(3.5, 5.0))   # keep lossless files at a sane size
    return q


def _sample_quality(rng: random.Random, name: str, colour: bool | None) -> Quality:
    if colour is None:
        colour = rng.random() < 0.3
    tint = (1.0, rng.uniform(0.985, 1.0), rng.uniform(0.94, 0.99)) if colour else (1.0, 1.0, 1.0)
    if name == "clean":
        return Quality(name, 300, 0.0, 0.6, 0.0, 0.0, 0.0, 0, rng.choice([255, 252, rng.uniform(236, 246)]),
                       tint, 1.0, 0.0, False, colour, rng.randint(84, 90), (0, 0))
    if name == "scan":
        return Quality(name, rng.choice([200, 240, 300, 300]), rng.uniform(-1, 1), 1.0,
                       rng.uniform(0.45, 0.85), rng.uniform(2.5, 5.0), 0.0002, rng.randint(0, 20),
                       rng.uniform(226, 248), tint, rng.uniform(0.88, 0.97), rng.uniform(0.0, 0.08),
                       False, colour, rng.randint(60, 85), (rng.uniform(-3, 3), rng.uniform(-3, 3)))
    if name == "poor":
        sk = rng.uniform(0.8, 3.0) * rng.choice([-1, 1])
        return Quality(name, rng.choice([150, 160, 180, 200]), sk, 1.2,
                       rng.uniform(1.0, 1.5), rng.uniform(6, 10), rng.uniform(0.001, 0.003),
                       rng.randint(150, 500), rng.uniform(196, 218), tint, rng.uniform(0.72, 0.85),
                       rng.uniform(0.22, 0.38), True, colour, rng.randint(50, 70),
                       (rng.uniform(-6, 6), rng.uniform(-6, 6)))
    raise ValueError(name)


def render_dpi(q: Quality) -> int:
    return 2 * q.dpi


def scan(c: Canvas, q: Quality, rng: random.Random, turn: int = 0, show_through: Image.Image | None = None,
         paper_box: tuple | None = None) -> Image.Image:
    """Turn the high-resolution ink layers of a page into a scanned image at q.dpi.
    turn: 0, 90 or 180 degrees (page fed rotated)."""
    text, sig = c.text, c.sig
    if q.ink_spread:
        text = text.filter(ImageFilter.GaussianBlur(q.ink_spread))
    paper = Image.new("L", text.size, 255)
    if paper_box is not None:
        paper = Image.new("L", text.size, 0)
        ImageDraw.Draw(paper).rectangle(paper_box, fill=255)
    if turn:
        tr = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180}[turn]
        text, sig, paper = text.transpose(tr), sig.transpose(tr), paper.transpose(tr)
    f = c.dpi // q.dpi
    sig, paper = sig.reduce(f), paper.reduce(f)
    if q.skew or q.shift_mm != (0, 0):
        # the printed text is turned at render resolution (sharp edges), the pen layer and the
        # page outline at scan resolution: same centre, same angle, shift scaled
        sh = (q.shift_mm[0] / 25.4 * c.dpi, q.shift_mm[1] / 25.4 * c.dpi)
        text = text.rotate(q.skew, resample=Image.Resampling.BILINEAR, translate=sh, fillcolor=0)
        kw = dict(resample=Image.Resampling.BICUBIC, translate=(sh[0] / f, sh[1] / f), fillcolor=0)
        sig = sig.rotate(q.skew, **kw)
        paper = paper.rotate(q.skew, **kw)
    text = text.reduce(f)
    t = np.asarray(text, dtype=np.float32) * (q.ink / 255.0)
    if q.streaks:
        t = t.copy()
        for _ in range(q.streaks):
            x = rng.randint(0, t.shape[1] - 1)
            bw = max(2, round(q.dpi * rng.uniform(0.02, 0.08)))
            t[:, x:x + bw] *= rng.uniform(0.35, 0.6)
    s = np.asarray(sig, dtype=np.float32) * (rng.uniform(0.8, 0.95) / 255.0)
    pm = np.asarray(paper, dtype=np.float32) / 255.0
    H, Wd = t.shape
    nprng = np.random.default_rng(rng.randint(0, 2 ** 32 - 1))
    chans = 3 if q.colour else 1
    if q.colour:
        paper_c = np.array([q.paper * k for k in q.tint], dtype=np.float32)
        ink_c = np.array([28, 28, 34], dtype=np.float32)
        sig_c = np.array([24, 38, 130], dtype=np.float32) if rng.random() < 0.8 else np.array([30, 30, 38], np.float32)
        if c.sig_rgb:
            sig_c = np.array(c.sig_rgb, dtype=np.float32)
        lid_c = np.array([rng.uniform(40, 90)] * 3, dtype=np.float32) if q.name == "poor" else paper_c * 0.97
    else:
        paper_c = np.array([q.paper], dtype=np.float32)
        ink_c = np.array([28], dtype=np.float32)
        sig_c = np.array([rng.choice([55, 40])], dtype=np.float32)
        if c.sig_rgb:
            r_, g_, b_ = c.sig_rgb
            sig_c = np.array([0.299 * r_ + 0.587 * g_ + 0.114 * b_], dtype=np.float32)
        lid_c = np.array([rng.uniform(40, 90)], dtype=np.float32) if q.name == "poor" else paper_c * 0.97
    img = np.empty((H, Wd, chans), dtype=np.float32)
    img[:] = paper_c
    if show_through is not None:
        st_ = np.asarray(show_through.transpose(Image.Transpose.FLIP_LEFT_RIGHT).reduce(f).filter(
            ImageFilter.GaussianBlur(q.dpi / 80)), dtype=np.float32) * (0.035 / 255.0)
        img *= (1 - st_)[..., None]
    img = img * (1 - t)[..., None] + ink_c * t[..., None]
    img = img * (1 - s)[..., None] + sig_c * s[..., None]
    img = img * pm[..., None] + lid_c * (1 - pm)[..., None]
    # uneven illumination: a linear ramp plus a shadow along one edge
    if q.shadow > 0:
        yy = np.linspace(0, 1, H, dtype=np.float32)[:, None]
        xx = np.linspace(0, 1, Wd, dtype=np.float32)[None, :]
        ang = rng.uniform(0, 2 * math.pi)
        ramp = (xx * math.cos(ang) + yy * math.sin(ang))
        ramp = (ramp - ramp.min()) / max(1e-6, float(ramp.max() - ramp.min()))
        g = 1 - q.shadow * 0.5 * ramp
        if q.name == "poor":
            edge = rng.choice(["l", "r", "t", "b"])
            d = {"l": xx, "r": 1 - xx, "t": yy, "b": 1 - yy}[edge]
            g = g - q.shadow * np.exp(-d / 0.06)
        img *= np.clip(g, 0.25, 1)[..., None]
    if q.fold:
        horiz = rng.random() < 0.7
        n = H if horiz else Wd
        pos = int(n * rng.choice([1 / 3, 1 / 2, 2 / 3]) + rng.uniform(-0.03, 0.03) * n)
        idx = np.arange(n, dtype=np.float32) - pos
        w = max(2.0, q.dpi / 60)
        prof = 1 - 0.28 * np.exp(-(idx / w) ** 2) - 0.08 * np.exp(-((idx - 3 * w) / (4 * w)) ** 2) \
            + 0.05 * np.exp(-((idx + 2 * w) / (2 * w)) ** 2)
        prof = prof[:, None] if horiz else prof[None, :]
        img *= prof[..., None]
    # dust specks (before optics blur)
    if q.dust:
        ys = nprng.integers(0, H, q.dust)
        xs = nprng.integers(0, Wd, q.dust)
        lv = nprng.uniform(20, 110, q.dust).astype(np.float32)
        img[ys, xs] = lv[:, None]
        big = q.dust // 4
        img[np.clip(ys[:big] + 1, 0, H - 1), xs[:big]] = lv[:big, None]
        img[ys[:big], np.clip(xs[:big] + 1, 0, Wd - 1)] = lv[:big, None]
    arr = np.clip(img, 0, 255).astype(np.uint8)
    im = Image.fromarray(arr[..., 0] if chans == 1 else arr, "L" if chans == 1 else "RGB")
    if q.blur:
        im = im.filter(ImageFilter.GaussianBlur(q.blur))
    if q.noise or q.speckle:
        a = np.asarray(im, dtype=np.float32)
        if q.noise:
            nz = nprng.standard_normal((H, Wd), dtype=np.float32) * q.noise
            if chans == 3:
                a = a + nz[..., None] + nprng.standard_normal(a.shape, dtype=np.float32) * (q.noise * 0.35)
            else:
                a = a + nz
        if q.speckle:
            k = int(q.speckle * H * Wd)
            ys = nprng.integers(0, H, k)
            xs = nprng.integers(0, Wd, k)
            vals = np.where(nprng.random(k) < 0.6, nprng.uniform(0, 70, k), nprng.uniform(225, 255, k))
            if chans == 3:
                a[ys, xs] = vals[:, None]
            else:
                a[ys, xs] = vals
        if q.bg_clip:
            white = np.array([q.paper * k for k in (q.tint if chans == 3 else (1.0,))],
                             dtype=np.float32) - 2.5 * q.noise
            a = (a - 12.0) * (243.0 / (white - 12.0)) + 12.0   # paper maps above 243, then clipped
            a = np.where(a > 238.0, 255.0, a)
        im = Image.fromarray(np.clip(a + 0.5, 0, 255).astype(np.uint8), im.mode)
    if q.bilevel:
        g = np.asarray(im.convert("L"), dtype=np.float32)
        im = Image.fromarray(np.where(g > (q.paper + 28) / 2 * rng.uniform(0.9, 1.05), 255, 0).astype(np.uint8), "L")
    return im


# --------------------------------------------------------------------------
# Truth and self-check
# --------------------------------------------------------------------------

APP_KEYS = ["application_number", "registry_number", "category", "child.last_name", "child.first_name",
            "child.middle_name", "child.birth_date", "child.address", "applicant.last_name",
            "applicant.first_name", "applicant.middle_name", "applicant.phone", "applicant.email"]
CONS_KEYS = ["application_number", "applicant.last_name", "applicant.first_name", "applicant.middle_name",
             "applicant.address", "applicant.passport_series", "applicant.passport_number",
             "applicant.passport_issue_date", "applicant.passport_issued_by", "child.last_name",
             "child.first_name", "child.middle_name", "child.address"]


def truth_fields(form: str, p: Packet) -> dict:
    v: dict[str, Any] = {
        "application_number": p.app_no, "registry_number": p.reg_no, "category": p.category,
        "child.last_name": p.child.last, "child.first_name": p.child.first,
        "child.middle_name": p.child.middle, "child.birth_date": p.child.birth.isoformat(),
        "child.address": p.child_address,
        "applicant.last_name": p.applicant.last, "applicant.first_name": p.applicant.first,
        "applicant.middle_name": p.applicant.middle, "applicant.phone": p.phone,
        "applicant.email": p.email, "applicant.address": p.applicant_address,
        "applicant.passport_series": p.pass_series, "applicant.passport_number": p.pass_number,
        "applicant.passport_issue_date": p.pass_date.isoformat() if p.pass_date else None,
        "applicant.passport_issued_by": p.pass_office,
    }
    keys = APP_KEYS if form == "application" else CONS_KEYS
    return {k: {"value": v[k]} for k in keys}


PHONE_RE = re.compile(r"(?:\+7|8)[\s(]*\d{3}[\s)]*\d{3}[\s-]*\d{2}[\s-]*\d{2}")


def self_check(page_truth: dict, blocks: list[str], signed_drawn: bool, where: str) -> list[str]:
    """Every truth value must be found in the printed text of its page (normalisation undone)."""
    errs = []
    text = "\n".join(blocks)
    flat = re.sub(r"\s+", " ", text)
    if page_truth["signed"] != signed_drawn:
        errs.append(f"{where}: signed={page_truth['signed']} but drawn={signed_drawn}")
    f = {k: v["value"] for k, v in page_truth["fields"].items()}
    if page_truth["form"] == "unknown":
        if f:
            errs.append(f"{where}: unknown page with fields")
        return errs

    def need(cond: bool, what: str):
        if not cond:
            errs.append(f"{where}: {what} not found in printed text")

    for who in ("child", "applicant"):
        parts = [f.get(f"{who}.last_name"), f.get(f"{who}.first_name"), f.get(f"{who}.middle_name")]
        if parts[0] is None:
            continue
        full = " ".join(x for x in parts if x)
        need(re.search(r"(?<![А-Яа-яЁё-])" + re.escape(full) + r"(?![А-Яа-яЁё-])", flat) is not None,
             f"{who} name {full!r}")
    for k in ("application_number", "registry_number", "applicant.passport_number"):
        if k in f:
            need(re.search(r"№\s?" + f[k] + r"(?!\d)", flat) is not None
                 or re.search(r"(?<!\d)" + f[k] + r"(?!\d)", flat) is not None, f"{k} {f[k]!r}")
    if "application_number" in f:
        need(re.search(r"№\s?" + f["application_number"] + r"(?!\d)", flat) is not None
             or re.search(r"№\s+" + f["application_number"] + r"(?!\d)", flat) is not None
             or (" " + f["application_number"] + " ") in flat, "application number after №")
    for k in ("child.birth_date", "applicant.passport_issue_date"):
        if f.get(k):
            d = dt.date.fromisoformat(f[k])
            need(fmt_date(d) in flat, f"{k} {fmt_date(d)}")
    for k in ("child.address", "applicant.address", "applicant.passport_issued_by", "category"):
        if k in f:
            need(f[k] in flat, f"{k} {f[k]!r}")
    if "applicant.phone" in f:
        found = {"+7" + re.sub(r"\D", "", m)[1:] for m in PHONE_RE.findall(flat)}
        need(f["applicant.phone"] in found, f"phone {f['applicant.phone']}")
    if "applicant.email" in f:
        need(f["applicant.email"] in flat.lower(), f"email {f['applicant.email']}")
        need(f["applicant.email"] == f["applicant.email"].lower(), "email lower-case")
    if "applicant.passport_series" in f:
        s = f["applicant.passport_series"]
        need(re.search(rf"(?<!\d){s[:2]} ?{s[2:]}(?!\d)", flat) is not None, f"passport series {s}")
    # format rules of the schema
    for k, pat in (("application_number", r"\d{1,6}"), ("registry_number", r"\d{9,10}"),
                   ("applicant.phone", r"\+7\d{10}"), ("applicant.passport_series", r"\d{4}"),
                   ("applicant.passport_number", r"\d{6}")):
        if k in f and f[k] is not None and not re.fullmatch(pat, f[k]):
            errs.append(f"{where}: {k}={f[k]!r} does not match {pat}")
    if "category" in f and f["category"] not in [c[0] for c in CATEGORIES]:
        errs.append(f"{where}: non-canonical category")
    return errs


def domain_check(p: Packet, where: str) -> list[str]:
    errs = []
    age = age_on(p.child.birth, p.sign_date)
    if not 5 <= age < 18 or (p.self_app and age < 14):
        errs.append(f"{where}: child age {age}")
    if not SIGN_LO <= p.sign_date <= SIGN_HI:
        errs.append(f"{where}: signing date {p.sign_date}")
    if not p.self_app:
        if not (add_years(p.applicant.birth, 14) < p.pass_date < p.sign_date):
            errs.append(f"{where}: passport date {p.pass_date}")
        if age_on(p.applicant.birth, p.sign_date) < 18:
            errs.append(f"{where}: applicant under 18")
    return errs


# --------------------------------------------------------------------------
# Packet plans and generation
# --------------------------------------------------------------------------


@dataclass
class Plan:
    idx: int
    kind: str                      # forms | blank | spravka | receipt | foreign
    quality: str                   # clean | scan | poor
    layout: str | None = None      # inline | table | underline
    font: str | None = None
    fmt: str = "png"               # png | jpg | tif | pdf
    split: bool = True             # one file per page (else one multi-page file)
    force: dict = field(default_factory=dict)
    turn: dict = field(default_factory=dict)   # page -> 90 | 180
    duplex_blank: bool = False
    colour: bool | None = None
    dpi: int | None = None
    unsigned: tuple = ()           # pages drawn without a signature
    purpose: str = ""


SAMPLES_DEFAULTS = {"self_app": False, "email_caps": False, "no_patronymic": False, "hyphen": False,
                    "passport_spaced": False, "long_address": False, "category": CAT_COMMON,
                    "passport_other_region": False}


def samples_plan() -> list[Plan]:
    """The committed corpus. Content is random (seeded) except what each plan forces;
    special features are only where a plan asks for them."""
    P = Plan
    plans = [
        P(1, "forms", "clean", "inline", "DejaVuSerif", "png", True, colour=False,
          purpose="clean baseline, value after label"),
        P(2, "forms", "clean", "table", "LiberationSans", "pdf", False,
          purpose="clean two-column table, whole packet in one scanned PDF"),
        P(3, "forms", "clean", "underline", "FreeSerif", "tif", False, force={"no_patronymic": True},
          purpose="values on underlined blanks with captions; multi-page TIFF (LZW); missing patronymic"),
        P(4, "forms", "scan", "inline", "LiberationSerif", "jpg", True, dpi=300,
          force={"hyphen": True, "email_caps": True},
          purpose="typical office scan as JPEG; double surname; e-mail printed with capitals"),
        P(5, "forms", "scan", "table", "DejaVuSansCondensed", "tif", True, dpi=200, force={"yo": True},
          purpose="condensed font in a table; ё in names and address; single-page TIFFs"),
        P(6, "forms", "scan", "underline", "FreeMono", "pdf", True, dpi=240, force={"passport_spaced": True},
          purpose="monospace typewriter-like font; one PDF per page; passport series printed '32 15'"),
        P(7, "forms", "poor", "inline", "NotoSans", "pdf", False, force={"long_address": True, "postcode": True},
          purpose="poor scan (low dpi, skew, blur, shadow, fold) in one PDF; long address wraps"),
        P(8, "forms", "poor", "table", "FreeSans", "png", True, dpi=150,
          force={"settlement": True, "phone_style": 2, "category": CATEGORIES[2][0]},
          purpose="poor scan as PNG; rural settlement address; phone run together; disabled-children category"),
        P(9, "forms", "poor", "underline", "DejaVuSans", "jpg", True, unsigned=("application",), colour=True,
          purpose="poor colour scan, heavy JPEG; application left unsigned"),
        P(10, "forms", "scan", "inline", "LiberationMono", "png", True, dpi=300, force={"self_app": True},
          purpose="14+ child applying for himself: no consent page, applicant = child"),
        P(11, "forms", "scan", "table", "NotoSerif", "tif", False, dpi=240,
          force={"no_patronymic": True, "different_surname": True, "phone_style": 3},
          purpose="multi-page JPEG-compressed TIFF; applicant with another surname; no patronymic"),
        P(12, "forms", "scan", "underline", "DejaVuSerifCondensed", "jpg", True, dpi=300, turn={"application": 180},
          force={"passport_other_region": True},
          purpose="application fed upside down (180°): must be detected and turned; passport of another region"),
        P(13, "forms", "clean", "inline", "FreeSerif", "jpg", True, turn={"consent": 90}, colour=True,
          force={"category": CATEGORIES[1][0], "email_caps": True},
          purpose="consent scanned rotated 90°; colour JPEG; ОВЗ category"),
        P(14, "forms", "scan", "inline", "LiberationSerif", "pdf", False, duplex_blank=True, dpi=200,
          unsigned=("consent",), force={"category": CATEGORIES[3][0]},
          purpose="duplex scan: blank back page between application and consent; consent unsigned; orphan category"),
        P(15, "forms", "poor", "inline", "LiberationSans", "tif", False, force={"yo": True, "postcode": False},
          purpose="poor multi-page TIFF (JPEG-compressed); ё in names/address"),
        P(16, "blank", "scan", fmt="jpg", dpi=200, purpose="blank page with scanner noise: must be reported as no form"),
        P(17, "spravka", "scan", font="LiberationSerif", fmt="png", dpi=240,
          purpose="unrelated Russian document (school certificate) with names and dates: form unknown"),
        P(18, "receipt", "scan", font="LiberationMono", fmt="pdf", dpi=200,
          purpose="till receipt on the scanner bed: unrelated Russian text, form unknown"),
        P(19, "foreign", "clean", font="DejaVuSerif", fmt="png",
          purpose="English letter: foreign language, form unknown"),
    ]
    for pl in plans:
        pl.force = {**SAMPLES_DEFAULTS, **pl.force}
        if pl.colour is None:
            pl.colour = False
    return plans


def bench_plan(n: int, seed: int) -> list[Plan]:
    plans = []
    for i in range(1, n + 1):
        r = random.Random(f"{seed}:plan:{i}")
        k = r.random()
        q = r.choices(["clean", "scan", "poor"], weights=[40, 40, 20])[0]
        fmt = r.choices(["png", "jpg", "tif", "pdf"], weights=[20, 35, 15, 30])[0]
        if k < 0.015:
            plans.append(Plan(i, "blank", q, fmt=fmt, purpose="blank page"))
            continue
        if k < 0.03:
            plans.append(Plan(i, r.choice(["spravka", "receipt"]), q, font=weighted_font(r), fmt=fmt,
                              purpose="unrelated Russian document"))
            continue
        if k < 0.04:
            plans.append(Plan(i, "foreign", q, font=weighted_font(r), fmt=fmt, purpose="English page"))
            continue
        pl = Plan(i, "forms", q, r.choice(["inline", "table", "underline"]), weighted_font(r), fmt,
                  split=fmt in ("png", "jpg") or r.random() < 0.4, purpose="bench")
        t = r.random()
        if t < 0.03:
            pl.turn = {r.choice(["application", "consent"]): 180}
        elif t < 0.05:
            pl.turn = {r.choice(["application", "consent"]): 90}
        if r.random() < 0.03 and not pl.split and fmt in ("pdf", "tif"):
            pl.duplex_blank = True
        pl.unsigned = tuple(x for x in ("application", "consent") if r.random() < 0.08)
        plans.append(pl)
    return plans


def varied_plan(n: int, seed: int) -> list[Plan]:
    """Form packets only, in the proportions of a held-out check (8 clean : 17 scan : 5 poor), three in
    four in a font the committed corpus never used; names, addresses, wording and signatures vary
    per packet (see gen_variety.py)."""
    plans = []
    new_fonts = list(gv.FONTS_VARIED)
    for i in range(1, n + 1):
        r = random.Random(f"{seed}:varied-plan:{i}")
        q = r.choices(["clean", "scan", "poor"], weights=[8, 17, 5])[0]
        fmt = r.choices(["png", "jpg", "tif", "pdf"], weights=[20, 35, 15, 30])[0]
        font = r.choice(new_fonts) if r.random() < 0.75 else r.choice(FONTS_COMMITTED)
        pl = Plan(i, "forms", q, r.choice(["inline", "table", "underline"]), font, fmt,
                  split=fmt in ("png", "jpg") or r.random() < 0.5, purpose="varied")
        t = r.random()
        if t < 0.04:
            pl.turn = {r.choice(["application", "consent"]): r.choice([90, 180])}
        plans.append(pl)
    return plans


def weighted_font(r: random.Random) -> str:
    names = list(FONT_WEIGHTS)
    return r.choices(names, weights=[FONT_WEIGHTS[n] for n in names])[0]


def page_tags(form: str, p: Packet, c: Canvas) -> set[str]:
    t: set[str] = set()
    people = [p.child] + ([p.applicant] if not p.self_app else [])
    if any(x.middle is None for x in people):
        t.add("no-patronymic")
    if any("-" in x.last for x in people):
        t.add("hyphenated-surname")
    vals = [p.child.full(), p.applicant.full(), p.child_address] + (
        [p.applicant_address, p.pass_office] if form == "consent" else [])
    if any("ё" in v.lower() for v in vals):
        t.add("yo")
    addrs = [p.child_address] + ([p.applicant_address, p.pass_office] if form == "consent" else [])
    if any(len(a) >= 90 and c.lines_of.get(a, 1) > 1 for a in addrs[:2]):
        t.add("long-address")
    if form == "consent" and c.lines_of.get(p.pass_office, 1) > 1:
        t.add("issuer-wraps")
    if any(re.match(r"\d{6},", a) for a in addrs[:2]):
        t.add("postcode")
    if any(("пгт." in a or "с. " in a) for a in addrs[:2]):
        t.add("settlement")
    if p.self_app:
        t.add("self-applicant")
    elif p.different_surname:
        t.add("different-surname")
    if form == "application":
        if p.email_printed != p.email:
            t.add("email-caps")
        if len(p.reg_no) == 9:
            t.add("registry-9-digits")
    if form == "consent":
        if p.pass_series_printed != p.pass_series:
            t.add("passport-series-spaced")
        if not p.pass_series.startswith("32"):
            t.add("passport-other-region")
    for cat, _w, tag in CATEGORIES:
        if tag and p.category == cat:
            t.add(tag)
    if not c.signed:
        t.add("unsigned")
    return t


def packet_seed(seed: int, profile: str, idx: int) -> random.Random:
    return random.Random(f"{seed}:{profile}:{idx}")


def build_packet(args: tuple) -> dict:
    """Generate one packet: write its files, return manifest entries and check errors."""
    plan, seed, profile, out, opts = args
    rng = packet_seed(seed, profile, plan.idx)
    fake = Faker("ru_RU")
    fake.seed_instance(rng.randint(0, 2 ** 31))
    q = sample_quality(rng, plan.quality, plan.colour, plan.dpi, plan.fmt,
                       keep_noise=plan.kind == "blank" or plan.duplex_blank)
    dpi_hi = render_dpi(q)
    pages: list[dict] = []    # {"image", "truth", "tags", "kind"}
    errors: list[str] = []
    pid = f"P{plan.idx:03d}"
    packet_info = None

    if plan.kind == "forms":
        p = make_packet(rng, fake, plan.force)
        if profile in ("varied", "signatures"):
            p = vary_packet(rng, fake, p, plan.force)
            _PAGE["revision"] = rng.choices([None, "2021", "2019"], weights=[50, 25, 25])[0]
            q.streaks = rng.choice([0, 0, 0, 1, 2]) if plan.quality != "clean" else 0
            q.bilevel = plan.quality == "scan" and rng.random() < 0.2
            if rng.random() < 0.2:
                q.ink *= rng.uniform(0.6, 0.8)      # a printer low on toner
        packet_info = p
        errors += domain_check(p, pid)
        layout = plan.layout
        forms = ["application"] + ([] if p.self_app else ["consent"])
        if opts.get("one_template"):
            # One portal printout per layout: the same font, size, spacing and margins on every
            # packet of that layout (a real batch comes from one printed template).
            trng = random.Random(f"{seed}-template-{layout}")
            o = page_opts(trng, layout, trng.choice(sorted(FONTS)))
        else:
            o = page_opts(rng, layout, plan.font)
        back_of_app = None
        for form in forms:
            for attempt in range(4):
                c = Canvas(dpi_hi)
                st = Style(o.family, o.body_pt, dpi_hi, o.spacing, o.value_style)
                signed = form not in plan.unsigned and (rng.random() > (0.04 if profile == "varied" else 0.08)
                                                         or profile == "samples")
                _PAGE["unsigned"] = None
                if profile == "varied":
                    _PAGE["signature"] = gv.signature_style(rng)
                elif profile == "signatures":
                    style, signed = gv.corpus_signature(rng)
                    _PAGE["signature"] = style if signed else None
                    _PAGE["unsigned"] = None if signed else style
                r2 = random.Random(rng.randint(0, 2 ** 62))
                if form == "application":
                    render_application(c, st, o, p, r2, signed)
                else:
                    render_consent(c, st, o, p, r2, signed)
                if not c.overflow:
                    break
                o.body_pt -= 1          # too long for one page: smaller type
                o.spacing = max(1.12, o.spacing - 0.08)
            if c.overflow:
                errors.append(f"{pid}: {form} does not fit on the page")
            truth = {"form": form, "fields": truth_fields(form, p), "signed": c.signed}
            errors += self_check(truth, c.blocks, c.signed, f"{pid}/{form}")
            turn = plan.turn.get(form, 0)
            if c.signed and profile in ("varied", "signatures"):
                img, visible = scan_with_signature_check(c, q, rng, turn)
                if not visible:
                    # the scanner left nothing of the pen (a faint pen on a bilevel scan): no reader
                    # can see this signature, so a person must look at the paper
                    truth["signature_visible"] = False
            else:
                img = scan(c, q, rng, turn)
            tags = page_tags(form, p, c)
            if profile in ("varied", "signatures"):
                tags |= {f"wording-{_PAGE['revision'] or 'current'}"}
                if c.signed:
                    tags.add(f"signature-{_PAGE['signature']}")
                elif _PAGE["unsigned"]:
                    tags.add(f"unsigned-{_PAGE['unsigned']}")
                tags |= ({"bilevel"} if q.bilevel else set()) | ({"toner-streaks"} if q.streaks else set())
            if turn == 180:
                tags.add("upside-down")
            elif turn == 90:
                tags.add("rotated-90")
            sig_style = (_PAGE["signature"] or "scribble") if c.signed else (_PAGE["unsigned"] or "empty")
            pages.append({"image": img, "truth": truth, "tags": tags, "form": form,
                          "printed": c.blocks, "signature": sig_style})
            if form == "application":
                back_of_app = c.text
            if form == "application" and plan.duplex_blank:
                cb = Canvas(dpi_hi)
                img_b = scan(cb, q, rng, 0, show_through=back_of_app)
                pages.append({"image": img_b, "truth": {"form": "unknown", "fields": {}, "signed": False},
                              "tags": {"blank", "duplex-blank-page", "show-through"}, "form": "blank",
                              "printed": []})
        signing = p.sign_date.isoformat()
        font_name = plan.font
    else:
        c = Canvas(dpi_hi)
        font_name = plan.font
        paper_box = None
        if plan.kind != "blank":
            st = Style(plan.font, rng.choice([11, 12]), dpi_hi, rng.uniform(1.2, 1.35), "plain",
                       title_pt=14)
            if plan.kind == "spravka":
                render_spravka(c, st, rng, fake)
            elif plan.kind == "receipt":
                st = Style(plan.font, 9.5, dpi_hi, 1.15, "plain", title_pt=11)
                render_receipt(c, st, rng, fake)
                paper_box = c.paper_box
            else:
                render_english(c, st, rng, fake)
        tags = {"blank": {"blank"}, "spravka": {"unrelated-document"}, "receipt": {"unrelated-document", "receipt"},
                "foreign": {"foreign-language"}}[plan.kind]
        truth = {"form": "unknown", "fields": {}, "signed": False}
        errors += self_check(truth, c.blocks, c.signed, f"{pid}/{plan.kind}")
        pages.append({"image": scan(c, q, rng, 0, paper_box=paper_box), "truth": truth, "tags": tags,
                      "form": plan.kind, "printed": c.blocks})
        signing = None
    if q.colour:
        for pg in pages:
            pg["tags"].add("colour")

    # ---- files
    base = f"p{plan.idx:03d}"
    if plan.kind == "forms":
        base += f"-{plan.quality}-{plan.layout}"
    else:
        base += f"-negative-{plan.kind}"
    groups: list[tuple[str, list[dict]]] = []
    if (plan.split or plan.fmt in ("png", "jpg")) and len(pages) > 1:
        short = {"application": "app", "consent": "consent", "blank": "blank"}
        for pg in pages:
            groups.append((f"{base}-{short[pg['form']]}", [pg]))
    else:
        groups.append((base, pages))
    scan_day = (p.sign_date + dt.timedelta(days=rng.randint(0, 20))) if packet_info else \
        rand_date(rng, SIGN_LO, SIGN_HI)
    scan_time = (scan_day.year, scan_day.month, scan_day.day, rng.randint(8, 17), rng.randint(0, 59),
                 rng.randint(0, 59))
    entries = []
    for sid, pgs in groups:
        ext = plan.fmt
        fname = f"{sid}.{ext}"
        path = os.path.join(out, fname)
        save_images([pg["image"] for pg in pgs], path, ext, q, scan_time, sid)
        truth = []
        for i, pg in enumerate(pgs, 1):
            t = {"source": fname, "page": i}
            t.update(pg["truth"])
            truth.append(t)
        with open(os.path.join(out, f"{sid}.expected.json"), "w", encoding="utf-8") as fh:
            fh.write(dump_truth(truth))
        if opts.get("with_text"):
            with open(os.path.join(out, f"{sid}.printed.txt"), "w", encoding="utf-8") as fh:
                fh.write("\f".join("\n".join(pg["printed"]) for pg in pgs) + "\n")
        tags = set()
        for pg in pgs:
            tags |= pg["tags"]
        if len(pgs) > 1 and any(pg["form"] == "blank" for pg in pgs):
            tags.discard("blank")
        entries.append({
            "id": sid, "file": fname,
            "quality": plan.quality if plan.kind == "forms" else "negative",
            "layout": plan.layout, "font": font_name, "format": ext, "pages": len(pgs),
            "packet": pid, "signing_date": signing, "variant": sorted(tags),
            "purpose": plan.purpose,
            "_dpi": q.dpi, "_forms": [pg["truth"]["form"] for pg in pgs],
            "_scan": scan_desc(q, ext), "_size": os.path.getsize(path),
        })
        if profile in ("varied", "signatures") and plan.kind == "forms":
            # per page: the signature's style, or the kind of unsigned line ("empty", "dot", ...)
            entries[-1]["signature_styles"] = [pg.get("signature", "none") for pg in pgs]
    return {"entries": entries, "errors": errors}


def dump_truth(pages: list[dict]) -> str:
    """JSON laid out like docs/sample-schema.md: one field per line."""
    def j(v):
        return json.dumps(v, ensure_ascii=False)
    out = ["["]
    for i, pg in enumerate(pages):
        head = f'  {{"source": {j(pg["source"])}, "page": {pg["page"]}, "form": {j(pg["form"])},'
        out.append(head)
        if pg["fields"]:
            out.append('   "fields": {')
            items = [f'     {j(k)}: {{"value": {j(v["value"])}}}' for k, v in pg["fields"].items()]
            out.append(",\n".join(items))
            out.append("   },")
        else:
            out.append('   "fields": {},')
        if "signature_visible" in pg:
            out.append(f'   "signature_visible": {j(pg["signature_visible"])},')
        out.append(f'   "signed": {j(pg["signed"])}}}' + ("," if i < len(pages) - 1 else ""))
    out.append("]")
    text = "\n".join(out) + "\n"
    assert json.loads(text) == pages
    return text


def scan_with_signature_check(c: Canvas, q: Quality, rng: random.Random, turn: int) -> tuple[Image.Image, bool]:
    """The scan of the page, and whether its signature survived the scan: the page is scanned once
    more without the pen's layer, from the same random state (so the image is the one scan() gives),
    and the signature counts as visible when the pixels darker with it by 20 grey levels or more (3 or
    more in a row; a faint pen on a grey scan is some 30 levels darker than the paper)
    fill consecutive rows over 1.5 mm of height: a flat rest on the line reads as the line, and specks
    here and there as the scanner's dust, not as a pen's mark."""
    state = rng.getstate()
    sig = c.sig
    c.sig = Image.new("L", sig.size, 0)
    try:
        without = scan(c, q, rng, turn)
    finally:
        c.sig = sig
        rng.setstate(state)
    img = scan(c, q, rng, turn)
    a = np.asarray(without.convert("L"), dtype=np.int16)
    b = np.asarray(img.convert("L"), dtype=np.int16)
    rows = (((a - b) > 20).sum(axis=1) >= 3).astype(np.int8)
    # the longest run of consecutive rows holding some of the pen (specks left here and there do not add up)
    longest = run = 0
    for r in rows:
        run = run + 1 if r else 0
        longest = max(longest, run)
    return img, longest >= q.dpi * 1.5 / 25.4


def scan_desc(q: Quality, ext: str) -> str:
    bits = [f"{q.dpi} dpi", "colour" if q.colour else "greyscale"]
    if q.paper < 250 and not q.bg_clip:
        bits.append("grey paper")
    if q.skew:
        bits.append(f"skew {q.skew:+.1f}°")
    if ext in ("jpg", "pdf") or (ext == "tif" and q.name != "clean"):
        bits.append(f"JPEG q{q.jpeg_q}")
    elif ext == "tif":
        bits.append("LZW")
    else:
        bits.append("lossless")
    return ", ".join(bits)


def save_images(imgs: list[Image.Image], path: str, ext: str, q: Quality, scan_time: tuple, title: str):
    d = (q.dpi, q.dpi)
    first, rest = imgs[0], imgs[1:]
    if ext == "png":
        assert not rest
        first.save(path, "PNG", dpi=d, compress_level=9)
    elif ext == "jpg":
        assert not rest
        first.save(path, "JPEG", quality=q.jpeg_q, dpi=d, optimize=True)
    elif ext == "tif":
        stamp = "%04d:%02d:%02d %02d:%02d:%02d" % scan_time
        kw: dict[str, Any] = dict(dpi=d, software="pfdo-intake gen_samples.py (synthetic)", date_time=stamp)
        if q.name == "clean":
            kw["compression"] = "tiff_lzw"
        else:
            kw["compression"] = "jpeg"
            kw["quality"] = q.jpeg_q
        if rest:
            first.save(path, "TIFF", save_all=True, append_images=rest, **kw)
        else:
            first.save(path, "TIFF", **kw)
    elif ext == "pdf":
        st = time.struct_time(scan_time + (0, 1, 0))
        first.save(path, "PDF", save_all=True, append_images=rest, resolution=float(q.dpi),
                   quality=q.jpeg_q, title=title, creator="pfdo-intake gen_samples.py (synthetic scan)",
                   producer="pfdo-intake gen_samples.py", creationDate=st, modDate=st)
    else:
        raise ValueError(ext)


# --------------------------------------------------------------------------
# Manifest and README
# --------------------------------------------------------------------------

VARIANTS_DOC = {
    "no-patronymic": "a name printed without patronymic (truth middle_name is null)",
    "hyphenated-surname": "double surname with a hyphen",
    "yo": "ё in a name, address or issuing office",
    "long-address": "a long address (90+ characters) that wraps onto the next line",
    "issuer-wraps": "the passport issuing office wraps onto the next line",
    "postcode": "address starts with a 6-digit postcode",
    "settlement": "address in a settlement (пгт./с.) instead of a town",
    "self-applicant": "14+ child applying for himself, no consent page",
    "different-surname": "applicant's family name differs from the child's (not just the gender ending)",
    "email-caps": "e-mail printed with capital letters (truth is lower-case)",
    "registry-9-digits": "9-digit registry number",
    "passport-series-spaced": "passport series printed as '32 15'",
    "passport-other-region": "passport series of another region (not 32xx)",
    "category-ovz": "category: children with disabilities (ОВЗ)",
    "category-disabled": "category: disabled children",
    "category-orphan": "category: orphans",
    "unsigned": "a page without a signature (truth signed=false)",
    "upside-down": "page scanned rotated 180°",
    "rotated-90": "page scanned rotated 90°",
    "colour": "colour scan (RGB); otherwise greyscale",
    "blank": "blank page with scanner noise (form unknown)",
    "duplex-blank-page": "blank back page inside a packet file",
    "show-through": "faint mirrored text from the other side of the sheet",
    "unrelated-document": "a Russian document that is not one of the forms (form unknown)",
    "receipt": "till receipt on the scanner bed",
    "foreign-language": "page in English (form unknown)",
}


def write_manifest(out: str, seed: int, entries: list[dict]):
    clean = [{k: v for k, v in e.items() if not k.startswith("_")} for e in entries]
    man = {"seed": seed, "generated_by": GENERATED_BY, "samples": clean}
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as fh:
        fh.write(json.dumps(man, ensure_ascii=False, indent=2) + "\n")


def write_readme(out: str, seed: int, entries: list[dict], cmd: str):
    total = sum(e["_size"] for e in entries)
    L = []
    L.append("# Sample corpus (synthetic)\n")
    L.append("Synthetic scans of the two PFDO paper forms (application = заявление, consent = согласие "
             "на обработку персональных данных) with truth. **All people, addresses, numbers and "
             "signatures are invented** (Faker ru_RU + fixed lists); nothing here is personal data.\n")
    L.append(f"Regenerate (byte-identical for the same Pillow/Faker/FreeType versions):\n\n    {cmd}\n")
    L.append("Files: `<id>.<ext>` is the input, `<id>.expected.json` the truth (one object per page, "
             "schema in `docs/sample-schema.md`), `manifest.json` one entry per file. Files of one "
             "packet (application and consent in separate files) share the `packet` id. "
             "Negative samples (blank, unrelated, foreign) have quality `negative`, truth form "
             "`unknown`, `fields: {}`; their `layout` and `signing_date` are null.\n")
    L.append("Quality levels: **clean** = 300 dpi, straight, white or light-grey paper; **scan** = "
             "200-300 dpi, skew up to ±1°, slight blur, sensor noise, JPEG 60-85; **poor** = 150-200 dpi, "
             "skew up to ±3°, heavy blur, speckle and dust, shadow along one edge, a fold line, grey paper, "
             "faded toner. Layouts: **inline** (value after the label, consent as running prose), "
             "**table** (label cell | value cell), **underline** (value on an underlined blank with a "
             "small caption under it).\n")
    L.append(f"Total size: {total / 1e6:.1f} MB in {len(entries)} input files.\n")
    # coverage matrix: quality x layout -> formats
    L.append("Coverage (packets per quality x layout, with their file formats; `multi` = several pages in one file):\n")
    L.append("| quality | inline | table | underline |")
    L.append("| --- | --- | --- | --- |")
    for ql in ("clean", "scan", "poor"):
        row = [ql]
        for lay in ("inline", "table", "underline"):
            cell = sorted({f"{e['packet']} {e['format']}" + (" multi" if e["pages"] > 1 else "")
                           for e in entries if e["quality"] == ql and e["layout"] == lay})
            row.append("<br>".join(cell) or "-")
        L.append("| " + " | ".join(row) + " |")
    L.append("")
    L.append("| id | file | pages (forms) | packet | quality | layout | font | scan | features | purpose |")
    L.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for e in entries:
        forms = ", ".join(e["_forms"])
        L.append(f"| {e['id']} | `{e['file']}` | {e['pages']} ({forms}) | {e['packet']} | {e['quality']} | "
                 f"{e['layout'] or '-'} | {e['font'] or '-'} | {e['_scan']} | "
                 f"{', '.join(e['variant']) or '-'} | {e['purpose']} |")
    L.append("\n## Feature tags (`variant` in the manifest)\n")
    L.append("| tag | meaning |")
    L.append("| --- | --- |")
    used = sorted({t for e in entries for t in e["variant"]})
    for t in used:
        L.append(f"| {t} | {VARIANTS_DOC.get(t, '')} |")
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(L) + "\n")


def remove_previous(out: str):
    """Delete the files listed in an earlier manifest of this directory (and nothing else)."""
    mp = os.path.join(out, "manifest.json")
    if not os.path.exists(mp):
        return
    try:
        with open(mp, encoding="utf-8") as fh:
            man = json.load(fh)
    except (OSError, ValueError):
        return
    if man.get("generated_by") != GENERATED_BY:
        return
    for s in man.get("samples", []):
        for name in (s.get("file"), f"{s.get('id')}.expected.json", f"{s.get('id')}.printed.txt"):
            if name and "/" not in name:
                fp = os.path.join(out, name)
                if os.path.exists(fp):
                    os.remove(fp)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="gen_samples.py",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=__doc__ + """
Profiles:
  samples  the committed corpus: a fixed plan of 15 form packets that covers
           every quality level x layout, every file format (PNG, JPEG, TIFF,
           multi-page TIFF, single-page and whole-packet PDF) and the special
           cases (self-application, upside-down and 90° pages, duplex blank
           page, unsigned pages), plus 4 negative pages (blank, school
           certificate, till receipt, English letter). Also writes README.md.
  bench    --packets N random packets (default 200) with a realistic mix:
           40% clean, 40% scan, 20% poor, ~4% negatives, a few rotated pages.
           For benchmarks; not committed.
  varied   --packets N form packets (default 30; 8 clean : 17 scan : 5 poor)
           that vary what the committed corpus keeps fixed: 27 fonts (15 of
           them never used elsewhere), names of the region's peoples by
           frequency, address styles, label wording of older portal
           revisions, signature styles (scribble, across the line, initials,
           faint pen, stamp), faint toner and streaks, bilevel scanners
           (scripts/gen_variety.py). For first-contact measurements.

Output (see docs/sample-schema.md): <id>.<ext> input files, <id>.expected.json
truth (one object per page), manifest.json (one entry per file). Files that
an earlier run listed in manifest.json of the same directory are deleted first.

Every page is checked before it is written: each truth value must be found in
the text printed on that page (dates as dd.mm.yyyy, phone digits, e-mail
case-insensitively, wrapped values re-joined), and domain rules hold (child
5-17 on the signing date, passport issued after 14 and before signing).
The run fails (exit 1) if any check fails.
""",
        epilog="""examples:
  python3 scripts/gen_samples.py --seed 7 --out samples --profile samples
  python3 scripts/gen_samples.py --seed 1 --out .build/bench --profile bench --packets 200 --jobs 2
""")
    ap.add_argument("--seed", type=int, default=7, help="random seed (default 7); same seed = same output")
    ap.add_argument("--out", default=None,
                    help="output directory (default: samples for --profile samples, .build/bench for bench)")
    ap.add_argument("--profile", choices=["samples", "bench", "varied", "signatures"], default="samples",
                    help="samples = fixed committed corpus; bench = N random packets; varied = held-out-like "
                         "packets; signatures = varied packets whose signing lines take every signature "
                         "style (also a short tick, one drawn above the line, a light blue pen) and, on about "
                         "two pages in five, an unsigned line (empty, a stray dot, scanner specks, a stamp "
                         "with no signature) (default samples)")
    ap.add_argument("--packets", type=int, default=None,
                    help="bench, varied and signatures: number of packets (default 200 for bench, 30 for varied "
                         "and signatures)")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                    help="worker processes (output does not depend on it; default min(2, cpus))")
    ap.add_argument("--with-text", action="store_true",
                    help="also write <id>.printed.txt: the text printed on each page (pages separated by "
                         "form feed), e.g. for character-error-rate measurements")
    ap.add_argument("--no-readme", action="store_true", help="do not write README.md")
    ap.add_argument("--one-template", action="store_true",
                    help="bench/varied: every packet of a layout printed from one template (same font, size, "
                         "spacing, margins), as a batch from one portal is; for measuring layout reuse")
    args = ap.parse_args(argv)

    if args.profile == "samples":
        if args.packets is not None:
            ap.error("--packets applies to --profile bench; the samples profile has a fixed plan")
        plans = samples_plan()
        out = args.out or "samples"
    else:
        n = (200 if args.profile == "bench" else 30) if args.packets is None else args.packets
        if n < 1:
            ap.error("--packets must be >= 1")
        plans = bench_plan(n, args.seed) if args.profile == "bench" else varied_plan(n, args.seed)
        if args.profile == "signatures":
            for pl in plans:
                pl.purpose = "signatures"
        out = args.out or os.path.join(".build", args.profile)
    check_fonts(sorted({p.font for p in plans if p.font} | set(FONTS)))
    os.makedirs(out, exist_ok=True)
    remove_previous(out)
    opts = {"with_text": args.with_text, "one_template": args.one_template}
    work = [(pl, args.seed, args.profile, out, opts) for pl in plans]
    t0 = time.time()
    results = []
    if args.jobs > 1 and len(work) > 1:
        import multiprocessing as mp
        with mp.get_context("fork").Pool(args.jobs) as pool:
            for i, r in enumerate(pool.imap(build_packet, work), 1):
                results.append(r)
                print(f"[{i}/{len(work)}] {', '.join(e['id'] for e in r['entries'])}", file=sys.stderr)
    else:
        for i, w in enumerate(work, 1):
            r = build_packet(w)
            results.append(r)
            print(f"[{i}/{len(work)}] {', '.join(e['id'] for e in r['entries'])}", file=sys.stderr)
    entries = [e for r in results for e in r["entries"]]
    errors = [x for r in results for x in r["errors"]]
    write_manifest(out, args.seed, entries)
    if not args.no_readme and args.profile == "samples":
        cmd = f"python3 scripts/gen_samples.py --seed {args.seed} --out {out} --profile samples"
        write_readme(out, args.seed, entries, cmd)
    total = sum(e["_size"] for e in entries)
    print(f"wrote {len(entries)} files ({total / 1e6:.1f} MB) in {out} in {time.time() - t0:.0f} s",
          file=sys.stderr)
    if errors:
        print("SELF-CHECK FAILED:", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("self-check: every truth value found in its page's printed text", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
