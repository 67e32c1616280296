"""Russian extraction: names in every case normalised to the nominative, organizations with
their legal forms, regions in lists and cases, dates against the publication date, counts."""
from __future__ import annotations

import datetime as dt

import pytest

from briefing_kg.extraction import extract


def ru(text: str, published: dt.date | None = None):
    return extract(None, "Заголовок\n\n" + text, published=published)


def person_names(x):
    return {(p.given.get("ru"), p.family.get("ru")) for p in x.persons}


@pytest.mark.parametrize("phrase, given, family", [
    ("членами штаба Аубакировой Индирой и другими", "Индира", "Аубакирова"),
    ("вместе с Сериком Беркамаловым выступили", "Серик", "Беркамалов"),
    ("объединил правоведов — Ермека Абдрасулова и других", "Ермек", "Абдрасулов"),
    ("Речь идёт о Дании Еспаевой, выдвинутой партией", "Дания", "Еспаева"),
    ("пригласили Индиру Аубакирову на встречу", "Индира", "Аубакирова"),
    ("благодаря Бауыржану Омарову удалось", "Бауыржан", "Омаров"),
    ("По словам Серика Акылбая, работа продолжается", "Серик", "Акылбай"),
    ("Абдрасуловым Ермеком проведена работа", "Ермек", "Абдрасулов"),
    ("выступил Куандык Бажайулы, преподаватель", "Куандык", "Бажайулы"),
])
def test_inflected_names_are_normalised_to_the_nominative(phrase, given, family):
    x = ru(phrase + ".")
    assert (given, family) in person_names(x)
    person = next(p for p in x.persons if p.family.get("ru") == family)
    mention = person.spans["ru"][0]
    # the mention keeps the text's own inflection and is an exact substring
    assert x.texts["ru"][mention.start:mention.end] == mention.text
    assert mention.text in phrase


def test_titles_stay_out_of_the_span_and_a_patronymic_is_kept():
    x = ru("Директор фонда Ахметов Асхат Муратович сообщил новости. Доцент Марат Сарсембаев добавил.")
    spans = sorted(s.text for p in x.persons for s in p.spans["ru"])
    assert spans == ["Ахметов Асхат Муратович", "Марат Сарсембаев"]
    ahmetov = next(p for p in x.persons if p.family["ru"] == "Ахметов")
    assert ahmetov.patronymic["ru"] == "Муратович"


def test_initials_and_a_lone_surname_join_the_full_name():
    x = ru("Об этом рассказал председатель Серик Акылбай. С. Акылбай уточнил детали. "
           "По мнению Акылбая, всё готово.")
    assert len(x.persons) == 1
    assert [s.text for s in x.persons[0].spans["ru"]] == ["Серик Акылбай", "С. Акылбай", "Акылбая"]


def test_two_people_who_share_a_surname_stay_apart():
    x = ru("Выступили Жанар Ахатова и Уалихан Ахатов.")
    assert person_names(x) == {("Жанар", "Ахатова"), ("Уалихан", "Ахатов")}


def test_a_name_inside_an_organization_name_is_not_a_person():
    x = ru("В Евразийском национальном университете имени Л.Н. Гумилёва прошла встреча. "
           "Доцент Карагандинского университета имени Е.А. Букетова Нурлан Сейткасымов ответил.")
    assert person_names(x) == {("Нурлан", "Сейткасымов")}
    names = {o.name["ru"] for o in x.organizations}
    assert "Карагандинский университет имени Е.А. Букетова" in names


def test_organizations_keep_legal_form_and_head_noun_in_the_span():
    x = ru("Кызылординский областной филиал РОО «Союз юристов Казахстана» провёл встречу с работниками "
           "филиала «Объединённая дирекция строящихся предприятий «Арал» РГП на ПХВ «Нуринский групповой "
           "водопровод». Филиал входит в группу штаба юристов «За честные выборы». "
           "Её выдвинула Демократическая партия «Ак жол». Нарушений в действиях ЦИК не выявлено.")
    spans = [s.text for o in x.organizations for s in o.spans["ru"]]
    assert sorted(spans) == sorted([
        "Кызылординский областной филиал", "РОО «Союз юристов Казахстана»",
        "«Объединённая дирекция строящихся предприятий «Арал»", "РГП на ПХВ «Нуринский групповой водопровод»",
        "штаба юристов «За честные выборы»", "Демократическая партия «Ак жол»", "ЦИК"])
    branch = next(o for o in x.organizations if o.name["ru"] == "Кызылординский областной филиал")
    union = next(o for o in x.organizations if o.alias_id == "kazakhstan-union-of-lawyers")
    assert branch.parent_key == union.key


def test_organization_names_are_given_in_the_nominative():
    x = ru("Встреча прошла в офисе Республиканского общественного объединения «Казахстанский союз юристов». "
           "Её поддержал Шымкентский городской филиал. Кандидата выдвинула Демократической партией «Ак жол».")
    names = {o.name["ru"] for o in x.organizations}
    assert "Республиканское общественное объединение «Казахстанский союз юристов»" in names


def test_a_quoted_slogan_or_law_title_is_not_an_organization():
    x = ru("Они закрепляют формулу «Сильный Президент – влиятельный Парламент – подотчётное Правительство». "
           "Обсудили закон «О выборах в Республике Казахстан».")
    assert x.organizations == []


def test_a_court_named_as_the_subject_of_a_law_is_not_an_actor():
    x = ru("Разъяснены положения конституционных законов о Конституционном суде и о прокуратуре.")
    assert x.organizations == []


def test_regions_in_a_list_and_in_every_case():
    x = ru("Встречи прошли в стенах вузов г.г.Астана, Алматы, Абайской, Актюбинской, Восточно-Казахстанской "
           "и Северо-Казахстанской областей. Члены штаба посетили г.Алматы и Улытаускую область.")
    got = {(r.iso, s.text) for r in x.regions for s in r.spans["ru"]}
    assert got == {("KZ-71", "Астана"), ("KZ-75", "Алматы"), ("KZ-10", "Абайской"), ("KZ-15", "Актюбинской"),
                   ("KZ-63", "Восточно-Казахстанской"), ("KZ-59", "Северо-Казахстанской"), ("KZ-62", "Улытаускую")}
    almaty = next(r for r in x.regions if r.iso == "KZ-75")
    assert len(almaty.spans["ru"]) == 2


def test_a_region_named_city_counts_and_other_cities_do_not():
    x = ru("Семинар прошёл в Караганде, Петропавловске и Уральске. Затем в Алматинской области.")
    assert {r.iso for r in x.regions} == {"KZ-35", "KZ-19"}


@pytest.mark.parametrize("text, published, date", [
    ("18 ноября т.г. состоялся брифинг.", dt.date(2022, 11, 21), dt.date(2022, 11, 18)),
    ("Сегодня прошёл брифинг.", dt.date(2022, 11, 21), dt.date(2022, 11, 21)),
    ("Вчера прошёл круглый стол.", dt.date(2022, 11, 21), dt.date(2022, 11, 20)),
    ("Выборы пройдут 9 июня.", dt.date(2019, 5, 1), dt.date(2019, 6, 9)),
    ("Встреча прошла 28 декабря.", dt.date(2023, 1, 5), dt.date(2022, 12, 28)),
    ("Выборы состоятся 19.03.2023.", None, dt.date(2023, 3, 19)),
    ("Выборы назначены на 20 ноября 2022 года.", None, dt.date(2022, 11, 20)),
])
def test_event_dates_absolute_and_relative(text, published, date):
    x = ru(text, published)
    assert [e.date for e in x.events] == [date]


def test_a_month_or_a_year_alone_fixes_no_event_date():
    x = ru("Штаб создан в сентябре. В 2021 году прошли выборы в маслихаты.", dt.date(2022, 10, 1))
    assert all(e.date is None for e in x.events)
    assert [e.year for e in x.events if e.type == "election"] == [2021]


def test_relative_date_without_publication_date_uses_the_texts_year_and_says_so():
    x = ru("18 ноября т.г. состоялся брифинг. Выборы назначены на 20 ноября 2022 года.")
    assert {e.date for e in x.events} == {dt.date(2022, 11, 18), dt.date(2022, 11, 20)}
    assert any("2022" in w for w in x.warnings)


def test_two_dates_in_a_sentence_go_to_the_nearest_trigger():
    x = ru("Внеочередные выборы депутатов Мажилиса пройдут 19 марта 2023 года: такое решение "
           "Глава государства Касым-Жомарт Токаев объявил 19 января 2023 года.")
    by_type = {(e.type, e.subtype): e.date for e in x.events}
    assert by_type == {("election", None): dt.date(2023, 3, 19), ("other", "statement"): dt.date(2023, 1, 19)}
    statement = next(e for e in x.events if e.subtype == "statement")
    assert statement.organizer_keys == [x.persons[0].key]


@pytest.mark.parametrize("text, value, qualifier, mention", [
    ("всего проведено порядка 60 мероприятий", 60, "approximately", "порядка 60"),
    ("и более 80 информационных мероприятий", 80, "more_than", "более 80"),
    ("работают свыше 120 наблюдателей", 120, "more_than", "свыше 120"),
    ("будут работать не менее 300 наблюдателей", 300, "at_least", "не менее 300"),
    ("Около трёх тысяч юристов следят за выборами", 3000, "approximately", "Около трёх тысяч"),
    ("входит примерно 3 тысячи человек", 3000, "approximately", "примерно 3 тысячи"),
    ("посетили 4 региона страны", 4, "exactly", "4"),
    ("участвовали около двух миллионов избирателей", 2_000_000, "approximately", "около двух миллионов"),
])
def test_counts_with_their_qualifier(text, value, qualifier, mention):
    x = ru(text + ".")
    assert [(q.value, q.qualifier, [s.text for s in q.spans["ru"]]) for q in x.quantities] == \
        [(value, qualifier, [mention])]


def test_dates_ages_ordinals_percentages_and_one_are_not_counts():
    x = ru("Эксперт (28 лет) выступила 15 ноября 2022 года перед студентами 2-го курса. "
           "70% обращений касаются списков. Президент избирается на один семилетний срок на 7 лет.")
    assert x.quantities == []


def test_rare_homographs_and_hyphenated_cities():
    x = ru("Слово предоставили Анне Петровой. Поздравления направил Нурсултан Назарбаев. "
           "Семинар прошёл в Нур-Султане.")
    assert person_names(x) == {("Анна", "Петрова"), ("Нурсултан", "Назарбаев")}
    assert [(r.iso, [s.text for s in r.spans["ru"]]) for r in x.regions] == [("KZ-71", ["Нур-Султане"])]


def test_local_bodies_and_a_deputys_legislature():
    x = ru("Участвовали сотрудники акимата Костанайской области. Депутат Мажилиса Айдос Сарым выступил. "
           "Внеочередные выборы в Мажилис пройдут весной.")
    names = sorted((o.name["ru"], [s.text for s in o.spans["ru"]]) for o in x.organizations)
    assert names == [("Мажилис", ["Мажилиса"]), ("акимат Костанайской области", ["акимата Костанайской области"])]


def test_representatives_in_the_regions_are_a_unit_of_their_organization():
    x = ru("Работу вели члены штаба «За честные выборы» и представителями штаба в регионах. "
           "Также представителями штаба в регионах разъяснены законы.")
    unit = next(o for o in x.organizations if o.kind == "regional-unit")
    hq = next(o for o in x.organizations if o.kind == "headquarters")
    assert [s.text for s in unit.spans["ru"]] == ["представителями штаба в регионах"] * 2
    assert unit.name["ru"] == "представители штаба в регионах" and unit.parent_key == hq.key


def test_references_act_dates_and_a_surname_after_a_title():
    x = ru("По словам профессора Сарсембаева, согласно статье 28 Конституции 15 студентов изучили закон "
           "от 5 ноября 2022 года на брифинге. Председатель Омарова пришла в 10:00.")
    assert [(q.value, [s.text for s in q.spans["ru"]]) for q in x.quantities] == [(15, ["15"])]
    assert [(e.type, e.date) for e in x.events] == [("briefing", None)]
    assert {(p.family["ru"], p.gender) for p in x.persons} == {("Сарсембаев", "m"), ("Омарова", "f")}
