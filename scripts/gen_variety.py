"""What the `varied` profile of gen_samples.py varies beyond the committed corpus.

The rules of the extractor were written while looking at corpora of one generator: its fonts,
its (Faker) names, its address style, its label wording and its one signature style. This
module makes packets that differ in each of these the way real paper does, so that a corpus
made with it measures the rules on forms they were not written for:

- fonts: every face of FONTS_VARIED (PT Serif/Sans/Sans Narrow/Mono, Roboto and Roboto
  Condensed, Open Sans, Carlito, Linux Libertine, CMU Serif, Old Standard, Go and
  Go Mono, JetBrains Mono, Anonymous Pro) besides the committed corpus's twelve;
- names of the peoples of Kemerovo oblast (Russian, Tatar, Ukrainian, German, Shor, Kazakh,
  Armenian, Azerbaijani, Uzbek, Tajik, Chuvash, Belarusian): each list holds the most frequent
  surnames and given names of that people, in order of frequency, drawn with Zipf weights by
  rank; patronymics are formed from the father's name by the Russian rules;
- address styles: postcode or none, region written 4 ways or left out, г./пгт/с./п./рп,
  мкр., пр-кт, пер., б-р, ш., корп., стр., "д." or none;
- label wording of older portal revisions (2019, 2021);
- signature styles: scribble across the line, initials, faint pen, round stamp over the line;
- printers (faint toner, streaks) and scanners (bilevel output).
"""
from __future__ import annotations

import math
import random

# --------------------------------------------------------------------------
# Fonts the committed corpus never used (Debian packages in scripts/setup.sh --dev)
# --------------------------------------------------------------------------

_PT = "/usr/share/fonts/truetype/paratype/"
_RB = "/usr/share/fonts/truetype/roboto/unhinted/"
_OS = "/usr/share/fonts/truetype/open-sans/"
_CX = "/usr/share/fonts/truetype/crosextra/"
_LL = "/usr/share/fonts/opentype/linux-libertine/"
_CM = "/usr/share/fonts/truetype/cmu/"
_GO = "/usr/share/fonts/fonts-go/"
_JB = "/usr/share/fonts/truetype/jetbrains-mono/"
_AP = "/usr/share/fonts/truetype/anonymous-pro/"
_OL = "/usr/share/fonts/truetype/fonts-oldstandard/"

FONTS_VARIED: dict[str, tuple[str, str, str, str]] = {
    "PTSerif": (_PT + "PTF55F.ttf", _PT + "PTF75F.ttf", "serif", "fonts-paratype"),
    "PTSans": (_PT + "PTS55F.ttf", _PT + "PTS75F.ttf", "sans", "fonts-paratype"),
    "PTSansNarrow": (_PT + "PTN57F.ttf", _PT + "PTN77F.ttf", "condensed", "fonts-paratype"),
    "PTMono": (_PT + "PTM55F.ttf", _PT + "PTM75F.ttf", "mono", "fonts-paratype"),
    "Roboto": (_RB + "RobotoTTF/Roboto-Regular.ttf", _RB + "RobotoTTF/Roboto-Bold.ttf", "sans",
               "fonts-roboto-unhinted"),
    "RobotoCondensed": (_RB + "RobotoCondensed-Regular.ttf", _RB + "RobotoCondensed-Bold.ttf", "condensed",
                        "fonts-roboto-unhinted"),
    "OpenSans": (_OS + "OpenSans-Regular.ttf", _OS + "OpenSans-Bold.ttf", "sans", "fonts-open-sans"),
    "Carlito": (_CX + "Carlito-Regular.ttf", _CX + "Carlito-Bold.ttf", "sans", "fonts-crosextra-carlito"),
    "LinuxLibertine": (_LL + "LinLibertine_R.otf", _LL + "LinLibertine_RB.otf", "serif", "fonts-linuxlibertine"),
    "CMUSerif": (_CM + "cmunrm.ttf", _CM + "cmunbx.ttf", "serif", "fonts-cmu"),
    "OldStandard": (_OL + "OldStandard-Regular.ttf", _OL + "OldStandard-Bold.ttf", "serif", "fonts-oldstandard"),
    "Go": (_GO + "Go-Regular.ttf", _GO + "Go-Bold.ttf", "sans", "fonts-go"),
    "GoMono": (_GO + "Go-Mono.ttf", _GO + "Go-Mono-Bold.ttf", "mono", "fonts-go"),
    "JetBrainsMono": (_JB + "JetBrainsMono-Regular.ttf", _JB + "JetBrainsMono-Bold.ttf", "mono",
                      "fonts-jetbrains-mono"),
    "AnonymousPro": (_AP + "Anonymous Pro.ttf", _AP + "Anonymous Pro B.ttf", "mono", "fonts-anonymous-pro"),
}

# --------------------------------------------------------------------------
# Names of the region's peoples, most frequent first
# --------------------------------------------------------------------------

# people -> share of packets in a varied corpus (minorities over-represented on purpose: they are
# where a name list of one people fails), surnames (male form), male and female given names
PEOPLES: dict[str, dict] = {
    "russian": dict(
        share=46,
        surnames=["Смирнов", "Иванов", "Кузнецов", "Соколов", "Попов", "Лебедев", "Козлов", "Новиков",
                  "Морозов", "Петров", "Волков", "Соловьёв", "Васильев", "Зайцев", "Павлов", "Семёнов",
                  "Голубев", "Виноградов", "Богданов", "Воробьёв", "Фёдоров", "Михайлов", "Беляев",
                  "Тарасов", "Белов", "Комаров", "Орлов", "Киселёв", "Макаров", "Андреев", "Ковалёв",
                  "Ильин", "Гусев", "Титов", "Кузьмин", "Кудрявцев", "Баранов", "Куликов", "Алексеев",
                  "Степанов", "Яковлев", "Сорокин", "Сергеев", "Романов", "Захаров", "Борисов", "Королёв",
                  "Герасимов", "Пономарёв", "Григорьев", "Лазарев", "Медведев", "Ершов", "Никитин",
                  "Соболев", "Рябов", "Поляков", "Цветков", "Данилов", "Жуков", "Фролов", "Журавлёв",
                  "Николаев", "Крылов", "Максимов", "Сидоров", "Осипов", "Белоусов", "Федотов", "Дорофеев",
                  "Егоров", "Матвеев", "Бобров", "Дмитриев", "Калинин", "Анисимов", "Петухов", "Антонов",
                  "Тимофеев", "Никифоров", "Веселов", "Филиппов", "Марков", "Большаков", "Суханов",
                  "Миронов", "Ширяев", "Александров", "Коновалов", "Шестаков", "Казаков", "Ефимов",
                  "Денисов", "Громов", "Фомин", "Давыдов", "Мельников", "Щербаков", "Блинов", "Колесников",
                  "Черных", "Седых", "Долгих", "Толстой", "Старостин", "Чистяков", "Шубин", "Третьяков"],
        male=["Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Артём", "Илья", "Кирилл",
              "Михаил", "Никита", "Матвей", "Роман", "Егор", "Арсений", "Иван", "Денис", "Евгений",
              "Даниил", "Тимофей", "Владислав", "Игорь", "Владимир", "Павел", "Руслан", "Марк",
              "Константин", "Тимур", "Олег", "Ярослав", "Антон", "Николай", "Глеб", "Данил", "Савелий",
              "Вадим", "Степан", "Юрий", "Богдан", "Артур", "Семён", "Макар", "Лев", "Виктор", "Елисей",
              "Виталий", "Вячеслав", "Захар", "Мирон", "Дамир", "Георгий", "Давид", "Платон", "Анатолий",
              "Григорий", "Демид", "Данила", "Станислав", "Василий", "Фёдор", "Родион", "Леонид",
              "Одиссей", "Валерий", "Святослав", "Борис", "Эдуард", "Марат", "Герман", "Даниэль",
              "Петр", "Амир", "Всеволод", "Мирослав", "Гордей", "Аркадий", "Прохор", "Тихон", "Савва",
              "Ростислав", "Трофим", "Серафим", "Еремей", "Лука", "Назар", "Добрыня", "Ефим"],
        female=["Анастасия", "Анна", "Мария", "Елена", "Дарья", "Алина", "Ирина", "Екатерина",
                "Арина", "Полина", "Ольга", "Юлия", "Татьяна", "Наталья", "Виктория", "Елизавета",
                "Ксения", "Милана", "Вероника", "Алиса", "Валерия", "Александра", "Ульяна", "Кристина",
                "София", "Марина", "Светлана", "Варвара", "Софья", "Диана", "Яна", "Кира", "Ангелина",
                "Маргарита", "Ева", "Алёна", "Дарина", "Карина", "Василиса", "Олеся", "Аделина",
                "Оксана", "Таисия", "Надежда", "Евгения", "Элина", "Злата", "Есения", "Мирослава",
                "Людмила", "Галина", "Лилия", "Любовь", "Стефания", "Серафима", "Агата", "Антонина",
                "Нина", "Лариса", "Инна", "Жанна", "Вера", "Зоя", "Майя", "Снежана", "Эвелина", "Лада",
                "Регина", "Раиса", "Тамара", "Зинаида", "Валентина", "Эмилия", "Богдана", "Ярослава"]),
    "tatar": dict(
        share=7,
        surnames=["Сафин", "Хабибуллин", "Галиев", "Гарипов", "Ахметов", "Валиев", "Зарипов", "Нуриев",
                  "Шарипов", "Мухаметзянов", "Хайруллин", "Сабиров", "Гафуров", "Файзуллин", "Закиров",
                  "Хасанов", "Мингазов", "Садыков", "Исмагилов", "Камалов", "Латыпов", "Рахимов",
                  "Фаттахов", "Юсупов", "Габдуллин", "Нигматуллин", "Гиниятуллин", "Абдуллин", "Шайхутдинов",
                  "Миннахметов", "Тагиров", "Бикмухаметов", "Мусин", "Гильмутдинов", "Хуснутдинов"],
        male=["Ринат", "Рустам", "Айдар", "Ильдар", "Тимур", "Марат", "Рамиль", "Ильнур", "Руслан",
              "Динар", "Радик", "Азат", "Ильшат", "Фарит", "Ренат", "Наиль", "Альберт", "Айрат",
              "Рафаэль", "Фанис", "Алмаз", "Булат", "Зуфар", "Ильгиз", "Салават", "Камиль", "Эмиль",
              "Амир", "Карим", "Дамир", "Раиль", "Ислам", "Самат", "Равиль", "Нияз"],
        female=["Гульнара", "Алсу", "Динара", "Лилия", "Эльвира", "Айгуль", "Регина", "Зарина", "Ляйсан",
                "Гузель", "Резеда", "Альбина", "Венера", "Гульшат", "Лейсан", "Рената", "Диляра",
                "Зульфия", "Эльмира", "Камила", "Аделя", "Амина", "Алия", "Ралина", "Адиля", "Азалия",
                "Ильмира", "Гульназ", "Айсылу", "Сабина"]),
    "ukrainian": dict(
        share=6,
        surnames=["Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Олейник", "Мельник",
                  "Бойко", "Ковальчук", "Лысенко", "Савчук", "Руденко", "Марченко", "Петренко",
                  "Клименко", "Павленко", "Савченко", "Кузьменко", "Левченко", "Приходько", "Мороз",
                  "Гончаренко", "Демченко", "Кушнир", "Яковенко", "Тимошенко", "Литвиненко", "Сидоренко",
                  "Науменко", "Полищук", "Дзюба", "Гайдук", "Ищенко", "Остапчук", "Панченко"],
        male=["Александр", "Сергей", "Андрей", "Владимир", "Богдан", "Тарас", "Остап", "Юрий",
              "Василий", "Николай", "Олег", "Виталий", "Роман", "Денис", "Максим", "Артём", "Назар",
              "Ярослав", "Степан", "Григорий"],
        female=["Оксана", "Олеся", "Наталья", "Ирина", "Ольга", "Богдана", "Галина", "Тамара",
                "Людмила", "Светлана", "Дарина", "Злата", "Софья", "Виктория", "Марьяна", "Зоряна",
                "Ганна", "Алёна", "Кристина", "Валентина"]),
    "german": dict(
        share=6,
        surnames=["Шмидт", "Миллер", "Вагнер", "Беккер", "Шульц", "Келлер", "Гейнц", "Рихтер",
                  "Фишер", "Майер", "Вебер", "Гофман", "Циммерман", "Кох", "Краузе", "Шнайдер", "Нойфельд",
                  "Бауэр", "Браун", "Вольф", "Штейн", "Шефер", "Клейн", "Лейман", "Гердт", "Фриз",
                  "Эккерт", "Берг", "Функ", "Зоммер", "Гринберг", "Гольдман", "Дик", "Реймер", "Пеннер"],
        male=["Андреас", "Александр", "Виктор", "Эдуард", "Роберт", "Артур", "Генрих", "Вальдемар",
              "Эрих", "Давид", "Яков", "Иоганн", "Фридрих", "Владимир", "Рудольф", "Эрнст", "Оскар",
              "Леон", "Марк", "Филипп", "Эмиль", "Рихард", "Альберт", "Адольф", "Петр"],
        female=["Ирма", "Эльза", "Эмма", "Лидия", "Ольга", "Фрида", "Марта", "Эрна", "Элла", "Амалия",
                "Ирина", "Виктория", "Лиана", "Эвелина", "Каролина", "Мария", "Анна", "Луиза",
                "Маргарита", "Ангелина"]),
    "shor": dict(
        share=5,
        surnames=["Тодышев", "Кыдыяков", "Арбачаков", "Челбогашев", "Шулбаев", "Кискоров", "Токмашев",
                  "Бельчегешев", "Сайгонашев", "Торбоков", "Кузургашев", "Тельбезеков", "Шелепов",
                  "Турушев", "Кусургашев", "Сыркашев", "Балтыжаков", "Тахтобин", "Ачелбаков", "Карбышев",
                  "Чудеков", "Арбаков", "Шабалин", "Шешкин", "Кызласов"],
        male=["Николай", "Сергей", "Александр", "Владимир", "Евгений", "Алексей", "Андрей", "Виктор",
              "Анатолий", "Валерий", "Иван", "Дмитрий", "Михаил", "Артём", "Максим", "Егор", "Данил",
              "Кирилл", "Никита", "Илья", "Семён", "Ярослав"],
        female=["Любовь", "Надежда", "Валентина", "Татьяна", "Светлана", "Ольга", "Ирина", "Елена",
                "Анастасия", "Дарья", "Ксения", "Алёна", "Полина", "Виктория", "Кристина", "Ангелина",
                "Арина", "Ульяна"]),
    "kazakh": dict(
        share=4,
        surnames=["Жумабаев", "Нурланов", "Касымов", "Сейткалиев", "Ахметов", "Оспанов", "Абдрахманов",
                  "Искаков", "Байжанов", "Кенжебаев", "Садыков", "Нурпеисов", "Омаров", "Сулейменов",
                  "Тулегенов", "Ермеков", "Мукашев", "Жакупов", "Есенов", "Утегенов", "Бекмуханов"],
        male=["Нурлан", "Ерлан", "Асхат", "Данияр", "Айбек", "Арман", "Бауржан", "Ержан", "Серик",
              "Канат", "Мурат", "Алмас", "Нурсултан", "Темирлан", "Алихан", "Ерасыл", "Дамир", "Азамат",
              "Айдос", "Санжар"],
        female=["Айгерим", "Динара", "Гульнур", "Асель", "Жанар", "Сауле", "Айжан", "Аружан", "Мадина",
                "Камила", "Жансая", "Дана", "Алия", "Гульмира", "Акмарал", "Айым", "Томирис", "Аяна"]),
    "armenian": dict(
        share=5,
        surnames=["Акопян", "Саргсян", "Петросян", "Григорян", "Мкртчян", "Арутюнян", "Оганесян",
                  "Аветисян", "Карапетян", "Хачатрян", "Галстян", "Манукян", "Казарян", "Мартиросян",
                  "Барсегян", "Симонян", "Амбарцумян", "Варданян", "Гаспарян", "Асатрян", "Торосян",
                  "Степанян", "Погосян", "Нерсисян", "Егиазарян"],
        male=["Армен", "Ашот", "Арсен", "Гор", "Давид", "Тигран", "Карен", "Ваге", "Ваагн", "Арам",
              "Самвел", "Рубен", "Артур", "Левон", "Айк", "Нарек", "Эрик", "Грант", "Гагик", "Ованес",
              "Мгер", "Сурен"],
        female=["Ануш", "Гаяне", "Лусине", "Мариам", "Нарине", "Ани", "Сона", "Армине", "Асмик", "Карине",
                "Лилит", "Наира", "Сирануш", "Эмма", "Ева", "Мане", "Татевик", "Римма"]),
    "azerbaijani": dict(
        share=5,
        surnames=["Алиев", "Мамедов", "Гусейнов", "Гасанов", "Исмаилов", "Рзаев", "Керимов",
                  "Сулейманов", "Ахмедов", "Джафаров", "Бабаев", "Агаев", "Мустафаев", "Назаров",
                  "Гулиев", "Велиев", "Аббасов", "Ибрагимов", "Кулиев", "Байрамов", "Шахбазов",
                  "Эминов", "Алекперов", "Мехтиев"],
        male=["Эльчин", "Рашад", "Ильхам", "Фуад", "Рамиз", "Эльдар", "Али", "Орхан", "Тофик",
              "Вугар", "Руслан", "Самир", "Эмин", "Джавид", "Кенан", "Мурад", "Нихад", "Анар",
              "Фарид", "Эльнур", "Рауф", "Ниджат"],
        female=["Севиндж", "Айгюн", "Лейла", "Гюльнара", "Нигяр", "Айтан", "Гюнай", "Ульвия", "Севиль",
                "Нармин", "Айсель", "Фидан", "Камила", "Лала", "Самира", "Эльмира", "Зарифа", "Сабина"]),
    "uzbek": dict(
        share=5,
        surnames=["Юсупов", "Рахимов", "Каримов", "Абдуллаев", "Турсунов", "Усманов", "Эргашев",
                  "Холматов", "Ибрагимов", "Алимов", "Садыков", "Мирзаев", "Хасанов", "Исмоилов",
                  "Ахмедов", "Юлдашев", "Нуриддинов", "Султанов", "Назаров", "Тошматов", "Жураев",
                  "Бахромов", "Умаров", "Рустамов"],
        male=["Бахтиёр", "Шерзод", "Рустам", "Фаррух", "Улугбек", "Жасур", "Азиз", "Дильшод",
              "Зафар", "Бобур", "Санжар", "Шохрух", "Нодир", "Акмал", "Отабек", "Жамшид", "Бекзод",
              "Алишер", "Фарход", "Умид", "Сардор", "Исломбек"],
        female=["Дилноза", "Гулноза", "Мохира", "Нилуфар", "Шахноза", "Малика", "Зарина", "Севара",
                "Феруза", "Дилфуза", "Мадина", "Нигора", "Умида", "Мунира", "Камола", "Зулфия",
                "Сабина", "Гулчехра"]),
    "tajik": dict(
        share=4,
        surnames=["Рахимов", "Назаров", "Сафаров", "Шарипов", "Давлатов", "Саидов", "Мирзоев",
                  "Каримов", "Раджабов", "Содиков", "Курбонов", "Холов", "Файзуллоев", "Абдуллоев",
                  "Махмадов", "Шоев", "Наимов", "Бобоев", "Зоиров", "Кодиров", "Рахмонов", "Одинаев"],
        male=["Фаридун", "Далер", "Сухроб", "Бехруз", "Рустам", "Умед", "Фирдавс", "Исмоил", "Шахбоз",
              "Манучехр", "Джамшед", "Шодмон", "Фаррух", "Сино", "Навруз", "Парвиз", "Хуршед", "Рахим",
              "Саид", "Комрон"],
        female=["Мадина", "Манижа", "Парвина", "Фарзона", "Тахмина", "Шахноза", "Нигина", "Мехрона",
                "Зарина", "Сабрина", "Гулрухсор", "Мавзуна", "Мехрангез", "Рухшона", "Фарангис",
                "Зебо", "Дилором", "Садбарг"]),
    "chuvash": dict(
        share=2,
        surnames=["Никитин", "Алексеев", "Григорьев", "Егоров", "Иванов", "Николаев", "Михайлов",
                  "Яковлев", "Васильев", "Павлов", "Степанов", "Петров", "Ефимов", "Тимофеев", "Ильин"],
        male=["Николай", "Алексей", "Сергей", "Андрей", "Юрий", "Валерий", "Геннадий", "Владимир",
              "Александр", "Артём", "Кирилл", "Даниил"],
        female=["Надежда", "Людмила", "Галина", "Ольга", "Елена", "Светлана", "Анастасия", "Дарья",
                "Ксения", "Полина"]),
    "belarusian": dict(
        share=2,
        surnames=["Ковалевич", "Новик", "Жук", "Мельникович", "Лукашевич", "Шевчук", "Кравец", "Козловский",
                  "Ярошевич", "Войтович", "Климович", "Савицкий", "Бурак", "Макаревич", "Зуевич",
                  "Гребень", "Пашкевич", "Ковальчик", "Юркевич", "Стасевич"],
        male=["Александр", "Сергей", "Андрей", "Дмитрий", "Владислав", "Максим", "Никита", "Кирилл",
              "Артём", "Павел", "Иван", "Тимофей", "Глеб", "Матвей"],
        female=["Ольга", "Наталья", "Елена", "Ирина", "Светлана", "Татьяна", "Анастасия", "Дарья",
                "Алина", "Юлия", "Полина", "Вероника", "Ксения", "Маргарита"]),
}


def zipf(rng: random.Random, items: list[str], s: float = 0.9) -> str:
    """A name drawn with weights 1/rank^s: frequent names are frequent, the tail still shows up."""
    return rng.choices(items, weights=[1 / (i + 1) ** s for i in range(len(items))])[0]


def pick_people(rng: random.Random) -> str:
    names = list(PEOPLES)
    return rng.choices(names, weights=[PEOPLES[n]["share"] for n in names])[0]


def female_surname(male: str) -> str:
    """Russian rules for the female form of a surname; others do not change."""
    if male.endswith(("ский", "цкий")):
        return male[:-2] + "ая"
    if male.endswith("ой"):
        return male[:-2] + "ая"
    if male.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return male + "а"
    return male


# father's name ending in -а/-я: the old short forms
_ICH = {"Илья": ("Ильич", "Ильинична"), "Никита": ("Никитич", "Никитична"), "Лука": ("Лукич", "Лукинична"),
        "Фома": ("Фомич", "Фоминична"), "Кузьма": ("Кузьмич", "Кузьминична"), "Данила": ("Данилович", "Даниловна"),
        "Савва": ("Саввич", "Саввична"), "Добрыня": ("Добрынич", "Добрынична")}
_IY = {"Дмитрий": "Дмитриев", "Арсений": "Арсеньев", "Юрий": "Юрьев", "Виталий": "Витальев",
       "Валерий": "Валерьев", "Анатолий": "Анатольев", "Григорий": "Григорьев", "Георгий": "Георгиев",
       "Геннадий": "Геннадьев", "Василий": "Васильев", "Евгений": "Евгеньев", "Аркадий": "Аркадьев",
       "Даниил": "Даниилов", "Петр": "Петров", "Лев": "Львов", "Павел": "Павлов", "Пётр": "Петров"}


def patronymic(father: str, male: bool) -> str:
    """Russian formation of a patronymic from the father's given name (used for every people here)."""
    if father in _ICH:
        return _ICH[father][0 if male else 1]
    if father in _IY:
        stem = _IY[father]
    elif father.endswith("ий"):
        stem = father[:-2] + "ьев"
    elif father.endswith("й"):
        stem = father[:-1] + "ев"
    elif father.endswith("ь"):
        stem = father[:-1] + "ев"
    elif father.endswith(("ж", "ш", "ч", "щ", "ц")):
        stem = father + "ев"
    elif father[-1] in "аяоуеиэюы":
        stem = father + "ев" if father[-1] in "иу" else father[:-1] + "ов" if father[-1] in "ао" else father + "в"
    else:
        stem = father + "ов"
    return stem + ("ич" if male else "на")


def person_names(rng: random.Random, people: str, male: bool, child: bool) -> tuple[str, str]:
    """(male surname of the family, given name)."""
    p = PEOPLES[people]
    first = zipf(rng, p["male"] if male else p["female"], 0.7 if child else 0.9)
    return zipf(rng, p["surnames"], 0.6), first


def father_name(rng: random.Random, people: str) -> str:
    return zipf(rng, PEOPLES[people]["male"], 0.8)


# --------------------------------------------------------------------------
# Addresses
# --------------------------------------------------------------------------

REGIONS = [("Кемеровская область - Кузбасс", 40), ("Кемеровская обл.", 18), ("Кемеровская область", 16),
           ("Кемеровская обл. - Кузбасс", 8), ("Кемеровская область-Кузбасс", 6), (None, 12)]
# (type, settlement, district, postcode)
VILLAGES = [
    ("пгт", "Промышленная", "Промышленновский муниципальный округ", 652380),
    ("пгт", "Яя", "Яйский муниципальный округ", 652100),
    ("пгт", "Шерегеш", "Таштагольский муниципальный район", 652971),
    ("пгт", "Тяжинский", "Тяжинский муниципальный округ", 652240),
    ("пгт", "Верх-Чебула", "Чебулинский муниципальный округ", 652270),
    ("рп", "Итатский", "Тяжинский муниципальный округ", 652230),
    ("с.", "Ягуново", "Кемеровский муниципальный округ", 650517),
    ("с.", "Мариинский Рудник", "Мариинский муниципальный округ", 652150),
    ("с.", "Мамаево", "Кемеровский муниципальный округ", 650512),
    ("с.", "Лебеди", "Промышленновский муниципальный округ", 652393),
    ("п.", "Металлплощадка", "Кемеровский муниципальный округ", 650523),
    ("п.", "Звёздный", "Кемеровский муниципальный округ", 650521),
    ("п.", "Чистогорский", "Новокузнецкий муниципальный округ", 654225),
    ("п.", "Плотниково", "Промышленновский муниципальный округ", 652395),
    ("п.", "Спасск", "Таштагольский муниципальный район", 652974),
    ("с.", "Усть-Кабырза", "Таштагольский муниципальный район", 652988),
]
MICRODISTRICTS = {"Кемерово": ["Лесная Поляна", "Кедровка", "Промышленновский", "Радуга", "Ягуновский"],
                  "Новокузнецк": ["Новобайдаевский", "Листвяги", "Притомский", "Абагур-Лесной"],
                  "Междуреченск": ["Западный", "Усинский", "Широкий Лог"],
                  "Белово": ["Бачатский", "Новый Городок"],
                  "Юрга": ["Заречный", "Северный"]}
STREET_TYPES = [("ул.", 72), ("улица", 4), ("пр-кт", 7), ("пр.", 2), ("пер.", 5), ("б-р", 4),
                ("ш.", 2), ("проезд", 2), ("пл.", 1), ("наб.", 1)]
STREET_NAMES = {"пр-кт": ["Ленина", "Октябрьский", "Кузнецкий", "Металлургов", "Шахтёров", "Химиков",
                          "Строителей", "Советский", "Комсомольский", "Молодёжный"],
                "пр.": ["Ленина", "Октябрьский", "Кузнецкий", "Металлургов", "Химиков"],
                "пер.": ["Школьный", "Почтовый", "Садовый", "Клубный", "Цветочный", "Щорса", "Тупиковый"],
                "б-р": ["Строителей", "Пионерский", "Победы", "Кузнецкий", "Осенний", "Засятко"],
                "ш.": ["Кузнецкое", "Притомское", "Сибирское"],
                "проезд": ["Кузнецкий", "Стахановский", "Угольный"],
                "пл.": ["Советов", "Победы"],
                "наб.": ["Притомская", "Рекордная"]}


def make_address(rng: random.Random, streets: list[str], cities: list) -> tuple[str, str, str]:
    """(address, municipality code, place for the registry) in one of the styles seen on real forms."""
    parts: list[str] = []
    region = rng.choices([r[0] for r in REGIONS], weights=[r[1] for r in REGIONS])[0]
    postcode = rng.random() < 0.35
    if rng.random() < 0.2:
        kind, name, district, pc = rng.choice(VILLAGES)
        if postcode:
            parts.append(str(pc))
        if region:
            parts.append(region)
        if rng.random() < 0.5:
            parts.append(district)
        parts.append(f"{kind} {name}")
        code, place, city = "20", name, None
    else:
        c = rng.choices(cities, weights=[x[5] for x in cities])[0]
        if postcode:
            parts.append(str(rng.randint(*c[3])))
        if region:
            parts.append(region)
        parts.append(f"г. {c[0]}" if rng.random() < 0.92 else f"г.{c[0]}")
        code, place, city = c[4], c[0], c[0]
    house_only = False
    if city in MICRODISTRICTS and rng.random() < 0.25:
        parts.append(f"мкр. {rng.choice(MICRODISTRICTS[city])}")
        house_only = rng.random() < 0.5
    if not house_only:
        t = rng.choices([s[0] for s in STREET_TYPES], weights=[s[1] for s in STREET_TYPES])[0]
        name = rng.choice(STREET_NAMES.get(t, streets))
        parts.append(f"{t} {name}" if t not in ("ш.", "проезд", "пл.") or rng.random() < 0.5 else f"{name} {t}")
    house = str(rng.randint(1, 160))
    hr = rng.random()
    if hr < 0.1:
        house += rng.choice("абв")
    elif hr < 0.16:
        house += f"/{rng.randint(1, 4)}"
    parts.append(f"д. {house}" if rng.random() < 0.85 else f"дом {house}")
    extra = rng.random()
    if extra < 0.1:
        parts.append(f"корп. {rng.randint(1, 4)}")
    elif extra < 0.16:
        parts.append(f"стр. {rng.randint(1, 3)}")
    if city and rng.random() < 0.85:
        parts.append(f"кв. {rng.randint(1, 240)}")
    return ", ".join(parts), code, place


# --------------------------------------------------------------------------
# Label wording of older portal revisions (whole label texts, as gen_samples prints them)
# --------------------------------------------------------------------------

WORDINGS = {
    "2021": {
        "Фамилия, имя, отчество (при наличии) ребенка:": "Фамилия, имя, отчество ребенка:",
        "Место (адрес) проживания ребенка:": "Адрес места жительства ребенка:",
        "Фамилия, имя, отчество (при наличии):": "Фамилия, имя, отчество заявителя:",
        "Контактный телефон:": "Телефон:",
        "Адрес электронной почты:": "Электронная почта:",
        "Сведения о заявителе:": "Сведения о родителе (законном представителе):",
        "проживающий(ая) по адресу": "зарегистрированный(ая) по адресу",
        "проживающего по адресу:": "зарегистрированного по адресу:",
        "проживающего по адресу": "зарегистрированного по адресу",
        "паспорт: серия, номер": "паспорт серия и номер",
        "кем выдан": "выдан (кем)",
    },
    "2019": {
        "Фамилия, имя, отчество (при наличии) ребенка:": "Ф.И.О. ребенка:",
        "Дата рождения ребенка:": "Дата рождения:",
        "Место (адрес) проживания ребенка:": "Адрес проживания:",
        "Фамилия, имя, отчество (при наличии):": "Ф.И.О. родителя (законного представителя):",
        "Контактный телефон:": "Тел.:",
        "Адрес электронной почты:": "E-mail:",
        "Сведения о заявителе:": "Сведения о родителе (законном представителе) ребенка:",
        "Я, фамилия, имя, отчество (при наличии)": "Я, Ф.И.О.",
        "проживающий(ая) по адресу": "адрес регистрации",
        "проживающего по адресу:": "адрес регистрации ребенка:",
        "проживающего по адресу": "адрес регистрации ребенка",
        "фамилия, имя, отчество (при наличии) ребенка": "Ф.И.О. ребенка",
        "дата выдачи": "когда выдан",
        "кем выдан": "кем выдан паспорт",
    },
}


def reword(text: str, revision: str | None) -> str:
    """The label as that revision printed it (the current wording when it has no other)."""
    if not revision:
        return text
    table = WORDINGS[revision]
    if text in table:
        return table[text]
    if text + ":" in table:
        return table[text + ":"].rstrip(":")
    return text


# --------------------------------------------------------------------------
# Signatures: scribble across the line, initials, faint pen, stamp
# --------------------------------------------------------------------------

SIGNATURE_STYLES = [("scribble", 40), ("across", 25), ("initials", 15), ("faint", 12), ("stamp", 8)]


def signature_style(rng: random.Random) -> str:
    return rng.choices([s[0] for s in SIGNATURE_STYLES], weights=[s[1] for s in SIGNATURE_STYLES])[0]


# The signature corpus (--profile signatures): the styles above, styles the detector was never
# tuned on, and unsigned lines of several kinds (about two pages in five unsigned). A stamp with no
# pen mark is no signature: its page is unsigned.
SIGNED_CORPUS_STYLES = [("scribble", 10), ("across", 8), ("initials", 8), ("faint", 8), ("stamp", 6),
                        ("tick", 8), ("above", 8), ("blue-faint", 8)]
UNSIGNED_CORPUS_KINDS = [("empty", 18), ("dot", 10), ("noise", 10), ("stamp-only", 6)]


def corpus_signature(rng: random.Random) -> tuple[str, bool]:
    """(style, signed) of one page of the signature corpus."""
    kinds = SIGNED_CORPUS_STYLES + UNSIGNED_CORPUS_KINDS
    k = rng.choices([s[0] for s in kinds], weights=[s[1] for s in kinds])[0]
    return k, k not in {u[0] for u in UNSIGNED_CORPUS_KINDS}


def draw_tick(draw, base_xy, rng: random.Random, dpi: int, fill: int = 255):
    """A very short tick on the line: two strokes a few millimetres long."""
    x, y = base_xy
    mm = dpi / 25.4
    w, h = rng.uniform(4, 8) * mm, rng.uniform(3, 6) * mm
    pen = max(2, round(rng.uniform(0.3, 0.5) * mm))
    draw.line([(x, y - h * 0.45), (x + w * 0.3, y), (x + w, y - h)], fill=fill, width=pen, joint="curve")


def draw_specks(draw, box, rng: random.Random, dpi: int, n: int, fill: int = 255, radius_mm=(0.1, 0.3)):
    """Scanner noise or a stray dot: n small specks inside box."""
    x0, y0, x1, y1 = box
    mm = dpi / 25.4
    for _ in range(n):
        cx, cy = rng.uniform(x0, x1), rng.uniform(y0, y1)
        r = rng.uniform(*radius_mm) * mm
        draw.ellipse([cx - r, cy - r * rng.uniform(0.6, 1.0), cx + r, cy + r], fill=fill)


def draw_initials(draw, box, rng: random.Random, dpi: int, fill: int = 255):
    """Two or three short cursive letters and a tail: a small mark."""
    x0, y0, x1, y1 = box
    h = y1 - y0
    w = min(x1 - x0, h * rng.uniform(1.2, 2.0))
    pen = max(2, round(rng.uniform(0.3, 0.5) / 25.4 * dpi))
    x = x0 + (x1 - x0 - w) * rng.uniform(0.1, 0.5)
    n = rng.randint(2, 3)
    lw = w / (n + 0.6)
    for k in range(n):
        cx = x + k * lw
        pts = []
        for i in range(24):
            t = i / 23 * 2 * math.pi
            pts.append((cx + lw * 0.5 + lw * 0.45 * math.sin(t) + i / 23 * lw * 0.3,
                        y0 + h * 0.5 - h * 0.4 * math.cos(t * rng.choice([1, 1.5]))))
        draw.line(pts, fill=fill, width=pen, joint="curve")
    draw.line([(x + w * 0.7, y0 + h * 0.8), (x + w * 1.05, y0 + h * 0.55)], fill=fill, width=pen)


def draw_stamp(draw, centre, rng: random.Random, dpi: int, fill: int = 255):
    """A round stamp (two rings and a cross of lines inside): stamped over the signature line."""
    cx, cy = centre
    r = rng.uniform(14, 19) / 25.4 * dpi
    t = max(2, round(0.35 / 25.4 * dpi))
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=fill, width=t)
    r2 = r * 0.72
    draw.ellipse([cx - r2, cy - r2, cx + r2, cy + r2], outline=fill, width=max(1, t - 1))
    # the ring's lettering as short dashes along the circle
    for k in range(40):
        a = k / 40 * 2 * math.pi
        rr = (r + r2) / 2
        draw.line([(cx + (rr - r * 0.06) * math.cos(a), cy + (rr - r * 0.06) * math.sin(a)),
                   (cx + (rr + r * 0.06) * math.cos(a + 0.05), cy + (rr + r * 0.06) * math.sin(a + 0.05))],
                  fill=fill, width=max(1, t - 1))
    for dy in (-0.25, 0, 0.25):
        draw.line([(cx - r2 * 0.7, cy + dy * r2), (cx + r2 * 0.7, cy + dy * r2)], fill=fill, width=max(1, t - 1))
