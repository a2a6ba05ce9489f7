#!/usr/bin/env python3
"""Builds the name lexicon and the Tesseract word lists from public sources.

Sources (see TrainingData/README.md):
  * given names, surnames and patronymics of the OpenCorpora dictionary (grammemes Name, Surn,
    Patr; nominative singular), as packaged in pymorphy3-dicts-ru (read once, here);
  * first names and patronymics: the ru_RU person provider of Faker (MIT licence),
    patronymics also derived from every male first name by the standard Russian rules;
  * Kuzbass places: the municipalities of Kemerovo oblast (public administrative list);
  * form vocabulary: the wording of the two printed forms (Sources/Extraction/Templates/*.json).

Writes:
  Sources/Extraction/Templates/lexicon/oc_first_names.txt  OpenCorpora given names (validation)
  Sources/Extraction/Templates/lexicon/oc_surnames.txt     OpenCorpora surnames (validation)
  Sources/Extraction/Templates/lexicon/oc_patronymics.txt  OpenCorpora patronymics (validation)
  Sources/Extraction/Templates/lexicon/oc_yo_words.txt     OpenCorpora word forms spelt with ё that
                                                           name streets and places (validation)
  Sources/Extraction/Templates/lexicon/oc_breve_words.txt  OpenCorpora address word forms with й inside
                                                           the word ("Красноармейская", "Чайковского") whose
                                                           reading with и is no word (validation)
  Sources/Extraction/Templates/lexicon/oc_street_words.txt OpenCorpora words that name streets: adjectives in the
                                                           feminine nominative singular ("Советская") and plural
                                                           genitives of nouns of people ("Патриотов") or of
                                                           masculine nouns ("Советов") (validation)
  Sources/Extraction/Templates/lexicon/first_names.txt   used by validation (plausibility)
  Sources/Extraction/Templates/lexicon/patronymics.txt   used by validation (plausibility)
  TrainingData/rus.user-words                            word list for Tesseract (user_words_file)
  TrainingData/rus.user-patterns                         number patterns for Tesseract
"""
import json
import os
import re

from faker.providers.person.ru_RU import Provider as P

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LEX = os.path.join(ROOT, "Sources", "Extraction", "Templates", "lexicon")
TD = os.path.join(ROOT, "TrainingData")

SPECIAL = {  # irregular patronymics: name -> (male, female)
    "Павел": ("Павлович", "Павловна"), "Лев": ("Львович", "Львовна"), "Пётр": ("Петрович", "Петровна"),
    "Илья": ("Ильич", "Ильинична"), "Фома": ("Фомич", "Фоминична"), "Кузьма": ("Кузьмич", "Кузьминична"),
    "Лука": ("Лукич", "Лукинична"), "Яков": ("Яковлевич", "Яковлевна"), "Михаил": ("Михайлович", "Михайловна"),
    "Никита": ("Никитич", "Никитична"), "Савва": ("Саввич", "Саввична"),
}


def patronymics(name: str):
    if name in SPECIAL:
        return SPECIAL[name]
    if name.endswith("ий"):
        stem = name[:-2] + "ь"
        return stem + "евич", stem + "евна"
    if name.endswith("ей") or name.endswith("ай") or name.endswith("ой"):
        stem = name[:-1]
        return stem + "евич", stem + "евна"
    if name.endswith("й") or name.endswith("ь"):
        stem = name[:-1]
        return stem + "евич", stem + "евна"
    if name.endswith("а") or name.endswith("я"):
        stem = name[:-1]
        return stem + "ич", stem + "ична"
    if name[-1] in "жшчщц":
        return name + "евич", name + "евна"
    return name + "ович", name + "овна"


# Common first names missing from the Faker lists (including the ё spellings).
EXTRA_FIRST = """Алёна Алена Артём Фёдор Семён Пётр Савелий Елисей Мирон Тимофей Всеволод Ярослав Святослав
Мирослав Платон Демид Арсений Матвей Глеб Лев Марк Макар Тихон Захар Ульяна Василиса Есения Милана
Мирослава Полина Варвара Вероника Виктория Дарья Ксения Алиса Арина Злата Кира Таисия Ева Майя Софья
София Стефания Агата Аделина Амелия Эмилия Яна Ясмина Карина Диана Ангелина Валерия Елизавета Маргарита
Глафира Серафима Есения Мирра Даниил Данила Кристина Анастасия Екатерина Ирина Наталья Наталия Татьяна
Светлана Ольга Елена Юлия Марина Людмила Галина Надежда Любовь Вера Оксана Евгения Алла Инна Жанна Лариса
Лилия Раиса Тамара Валентина Зинаида Нина Антонина Алевтина Регина Снежана Эльвира Альбина Виолетта
Милена Олеся Алина Маргарита Анжелика Дмитрий Александр Алексей Андрей Артур Богдан Вадим Валентин Валерий
Василий Виктор Виталий Владимир Владислав Вячеслав Геннадий Георгий Григорий Денис Евгений Егор Иван Игорь
Илья Кирилл Константин Леонид Максим Михаил Никита Николай Олег Павел Роман Руслан Сергей Станислав Степан
Тимур Фёдор Эдуард Юрий Яков Ян Родион Ростислав Аркадий Борис Вениамин Герман Давид Эмиль Эрик Лука Мирон
Семён Тимофей Савва Гордей Назар Прохор Святослав Филипп Марат""".split()

MALE_EXTRA = set("""Артём Фёдор Семён Пётр Савелий Елисей Мирон Тимофей Всеволод Ярослав Святослав Мирослав Платон
Демид Арсений Матвей Глеб Лев Марк Макар Тихон Захар Даниил Данила Дмитрий Александр Алексей Андрей Артур Богдан
Вадим Валентин Валерий Василий Виктор Виталий Владимир Владислав Вячеслав Геннадий Георгий Григорий Денис Евгений
Егор Иван Игорь Илья Кирилл Константин Леонид Максим Михаил Никита Николай Олег Павел Роман Руслан Сергей
Станислав Степан Тимур Эдуард Юрий Яков Ян Родион Ростислав Аркадий Борис Вениамин Герман Давид Эмиль Эрик Лука
Савва Гордей Назар Прохор Филипп Марат""".split())

KUZBASS = """Кемерово Новокузнецк Прокопьевск Междуреченск Ленинск-Кузнецкий Киселёвск Юрга Белово
Анжеро-Судженск Берёзовский Осинники Мыски Топки Таштагол Гурьевск Калтан Полысаево Мариинск Тайга
Салаир Промышленная Крапивинский Яя Ижморский Тисуль Тяжинский Чебулинский Верх-Чебула Юргинский
Кемеровский Новокузнецкий Прокопьевский Беловский Ленинск-Кузнецкий Мариинский Тисульский Яйский
Яшкинский Яшкино Крапивино Шерегеш Кузбасс Кузбассу Кемеровская Кемеровской""".split()


def yo_address_form(tag) -> bool:
    """Forms spelt with ё that an address uses: a street's adjective (Молодёжная, Зелёный), a
    person's name in the genitive (ул. Королёва, Артёма), a plural genitive (пр-кт Шахтёров) and
    any form of a place name (Берёзовский)."""
    t = str(tag)
    return (("ADJF" in t and "sing" in t and "nomn" in t)
            or (("Surn" in t or "Name" in t) and "gent" in t and "sing" in t)
            or ("NOUN" in t and "plur" in t and "gent" in t)
            or "Geox" in t)


def street_word_form(tag) -> bool:
    """Forms of common words that name a street after "ул.": an adjective in the feminine nominative
    singular (Советская, Лесная), a plural genitive of a noun of people (Патриотов, Строителей) or
    of a masculine noun (пл. Советов, ул. Садов)."""
    t = str(tag)
    return (("ADJF" in t and "femn" in t and "sing" in t and "nomn" in t)
            or ("NOUN" in t and "plur" in t and "gent" in t and ("anim" in t or "masc" in t)))


# A word of lower-case Cyrillic letters, its parts joined by hyphens.
CYRILLIC_WORD = re.compile(r"[а-яё]+(-[а-яё]+)*")


# й between a vowel and a consonant: its breve is lost in a scan and the word reads with и.
INNER_BREVE = re.compile(r"(?<=[аеёиоуыэюя])й(?=[бвгджзклмнпрстфхцчшщ])")
# An adjective's "-ий" at the word's end ("Широкий", "Верхний"): read "-ии" with the breve lost.
FINAL_BREVE = re.compile(r"(?<=и)й$")


def opencorpora() -> dict[str, set[str]]:
    """Nominative singular forms of every Name / Surn / Patr lexeme of the OpenCorpora dictionary,
    and ("yo") the address word forms spelt with ё, ("breve") those with й inside the word, any
    adjective's form among them (an office's "по Алтайскому краю"), or with an adjective's "-ий" at
    its end ("широкий"), whose reading with и in its place is no word of the dictionary
    ("Красноармеиская", not "Воинская")."""
    try:
        import pymorphy3
    except ImportError:
        raise SystemExit("build_lexicon.py needs pymorphy3 and pymorphy3-dicts-ru: pip install -r scripts/requirements.txt")
    m = pymorphy3.MorphAnalyzer()
    out: dict[str, set[str]] = {"Name": set(), "Surn": set(), "Patr": set(), "yo": set(), "breve": set(), "street": set()}
    for word, tag, _normal, _para, _idx in m.dictionary.iter_known_words():
        cyrillic = CYRILLIC_WORD.fullmatch(word) is not None
        if cyrillic and street_word_form(tag):
            out["street"].add(word)
        if cyrillic and "ё" in word and yo_address_form(tag):
            out["yo"].add(word)
        for breve, adjectives_only in ((INNER_BREVE, False), (FINAL_BREVE, True)):
            if (cyrillic and breve.search(word) and ("ADJF" in str(tag) or (not adjectives_only and yo_address_form(tag)))
                    and not m.word_is_known(breve.sub("и", word))):
                out["breve"].add(word)
        if "nomn" not in tag or "plur" in tag:
            continue
        for g in ("Name", "Surn", "Patr"):
            if g in tag and len(word) >= 2 and cyrillic:
                out[g].add("-".join(part[:1].upper() + part[1:] for part in word.split("-")))
    return out


def main():
    os.makedirs(LEX, exist_ok=True)
    oc = opencorpora()
    for g, name in (("Name", "oc_first_names"), ("Surn", "oc_surnames"), ("Patr", "oc_patronymics"), ("yo", "oc_yo_words"),
                    ("breve", "oc_breve_words"), ("street", "oc_street_words")):
        with open(os.path.join(LEX, name + ".txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(sorted(oc[g])) + "\n")
    print(f"OpenCorpora: {len(oc['Name'])} given names, {len(oc['Surn'])} surnames, {len(oc['Patr'])} patronymics, "
          f"{len(oc['yo'])} address word forms with ё, {len(oc['breve'])} with й inside, "
          f"{len(oc['street'])} street words")
    os.makedirs(TD, exist_ok=True)
    male = sorted(set(P.first_names_male) | {n for n in EXTRA_FIRST if n in MALE_EXTRA})
    female = sorted(set(P.first_names_female) | {n for n in EXTRA_FIRST if n not in male})
    pats = set(P.middle_names_male) | set(P.middle_names_female)
    for n in male:
        m, f = patronymics(n)
        pats.add(m)
        pats.add(f)
    with open(os.path.join(LEX, "first_names.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(sorted(set(male) | set(female))) + "\n")
    with open(os.path.join(LEX, "patronymics.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(sorted(pats)) + "\n")
    vocab = set()
    for name in ("application", "consent"):
        t = json.load(open(os.path.join(ROOT, "Sources", "Extraction", "Templates", name + ".json"), encoding="utf-8"))
        text = " ".join(t["keywords"] + t["stops"] + [a for fld in t["fields"] for a in fld["anchors"]] + t.get("categories", []))
        vocab |= set(w for w in re.findall(r"[А-Яа-яЁё-]+", text) if len(w) > 2)
    words = sorted(vocab | set(KUZBASS) | set(male) | set(female) | pats)
    with open(os.path.join(TD, "rus.user-words"), "w", encoding="utf-8") as f:
        f.write("\n".join(words) + "\n")
    with open(os.path.join(TD, "rus.user-patterns"), "w", encoding="utf-8") as f:
        # Tesseract pattern syntax: \d a digit.
        f.write("\n".join([r"\d\d.\d\d.\d\d\d\d", r"+7\d\d\d\d\d\d\d\d\d\d", r"8(\d\d\d)\d\d\d-\d\d-\d\d",
                           r"\d\d\d\d\d\d\d\d\d\d", r"\d\d \d\d", r"\d\d\d\d\d\d"]) + "\n")
    print(f"{len(male) + len(female)} first names, {len(pats)} patronymics, {len(words)} user words")


if __name__ == "__main__":
    main()
