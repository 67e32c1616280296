"""Kazakh extraction: case and possessive suffixes stripped from names, both name orders,
region names in every case and in lists, relative dates, counts with qualifiers after them."""
from __future__ import annotations

import datetime as dt

import pytest

from briefing_kg.extraction import extract
from briefing_kg.extraction.organizations import kk_strip_case
from briefing_kg.extraction.text import kk_stems


def kk(text: str, published: dt.date | None = None):
    return extract("Тақырып\n\n" + text, None, published=published)


@pytest.mark.parametrize("word, stem", [
    ("Ақылбайдың", "Ақылбай"), ("Беркамаловқа", "Беркамалов"), ("Ахатоваға", "Ахатова"),
    ("облыстарының", "облыс"), ("облыстарында", "облыс"), ("Астанада", "Астана"), ("Ақтөбеде", "Ақтөбе"),
    ("қарашасында", "қараша"), ("Қазақстандағы", "Қазақстан"), ("Бажайұлының", "Бажайұлы"), ("Ермегі", "Ермек"),
])
def test_suffixes_are_stripped_to_the_base(word, stem):
    assert stem in [s for s, _ in kk_stems(word)]


@pytest.mark.parametrize("word, nominative", [
    ("штабының", "штабы"), ("штабтың", "штаб"), ("РҚБ-ның", "РҚБ"), ("филиалын", "филиалы"),
    ("University-де", "University"), ("дирекциясының", "дирекциясы"), ("университеті", "университеті"),
])
def test_an_organization_name_loses_its_case_but_keeps_its_possessive(word, nominative):
    assert kk_strip_case(word) == nominative


@pytest.mark.parametrize("phrase, given, family, mention", [
    ("Қорытындылай келе, Серік Ақылбайдың сөзі тыңдалды", "Серік", "Ақылбай", "Серік Ақылбайдың"),
    ("штаб мүшелері Абдрасулов Ермек жұмыс жүргізді", "Ермек", "Абдрасулов", "Абдрасулов Ермек"),
    ("Бауыржан Омаровтың айтуынша, бәрі дайын", "Бауыржан", "Омаров", "Бауыржан Омаровтың"),
    ("проректоры Жанар Ахатова мен студент сөйледі", "Жанар", "Ахатова", "Жанар Ахатова"),
    ("оқытушысы Қуандық Бажайұлы айтты", "Қуандық", "Бажайұлы", "Қуандық Бажайұлы"),
    ("Мемлекет басшысы Қасым-Жомарт Тоқаев Парламент Мәжілісіне үндеу жасады", "Қасым-Жомарт", "Тоқаев",
     "Қасым-Жомарт Тоқаев"),
    ("студенті Бейбарыс Алмағамбетов те сөз сөйледі", "Бейбарыс", "Алмағамбетов", "Бейбарыс Алмағамбетов"),
])
def test_names_in_both_orders_with_suffixes(phrase, given, family, mention):
    x = kk(phrase + ".")
    assert [(p.given["kk"], p.family["kk"], [s.text for s in p.spans["kk"]]) for p in x.persons] == \
        [(given, family, [mention])]


def test_a_patronymic_and_a_lone_surname():
    x = kk("Профессор Ғалымжан Тоқтарұлы Сейітқалиевке марапат берілді. Сейітқалиев алғыс айтты.")
    assert len(x.persons) == 1
    p = x.persons[0]
    assert (p.given["kk"], p.patronymic["kk"], p.family["kk"]) == ("Ғалымжан", "Тоқтарұлы", "Сейітқалиев")
    assert [s.text for s in p.spans["kk"]] == ["Ғалымжан Тоқтарұлы Сейітқалиевке", "Сейітқалиев"]


def test_a_historical_person_by_one_name_and_abai_the_region():
    x = kk("Ол Абайдың сөзін келтірді. Кездесулер Абай, Ақтөбе облыстарында өтті.")
    assert [(p.given["kk"], [s.text for s in p.spans["kk"]]) for p in x.persons] == [("Абай", ["Абайдың"])]
    assert {(r.iso, s.text) for r in x.regions for s in r.spans["kk"]} == {("KZ-10", "Абай"), ("KZ-15", "Ақтөбе")}


def test_a_name_before_атындағы_belongs_to_the_organization():
    x = kk("Л.Н. Гумилев атындағы Еуразия ұлттық университеті дөңгелек үстел ұйымдастырды.")
    assert x.persons == []
    assert [s.text for o in x.organizations for s in o.spans["kk"]] == \
        ["Л.Н. Гумилев атындағы Еуразия ұлттық университеті"]


def test_organizations_with_legal_forms_and_heads():
    x = kk("«Қазақстан заңгерлер одағы» РҚБ-ның Қызылорда облыстық филиалы «Нұра топтық су құбыры» ШЖҚ "
           "РМК-ның «Салынып жатқан кәсіпорындардың «Арал» біріккен дирекциясы» филиалының қызметкерлерімен "
           "кездесу өткізді. Филиал «Адал сайлау үшін» заңгерлер штабының құрамында. Kozybayev University-де "
           "конференция өтті.")
    spans = sorted(s.text for o in x.organizations for s in o.spans["kk"])
    assert spans == sorted([
        "«Қазақстан заңгерлер одағы» РҚБ-ның", "Қызылорда облыстық филиалы", "«Нұра топтық су құбыры» ШЖҚ РМК-ның",
        "«Салынып жатқан кәсіпорындардың «Арал» біріккен дирекциясы»", "«Адал сайлау үшін» заңгерлер штабының",
        "Kozybayev University-де"])
    names = {o.name["kk"] for o in x.organizations}
    assert "«Адал сайлау үшін» заңгерлер штабы" in names and "Kozybayev University" in names
    meeting = next(e for e in x.events if e.type == "meeting")
    branch = next(o for o in x.organizations if o.name["kk"] == "Қызылорда облыстық филиалы")
    assert meeting.organizer_keys == [branch.key]
    assert meeting.region_iso == ["KZ-43"]


def test_regions_in_case_forms_and_lists():
    x = kk("Штаб мүшелері Алматы қаласында, Ақтөбе, Батыс Қазақстан және Ұлытау облыстарында болды. "
           "Кездесулер Астанада және Ақтөбеде өтті. Петропавлда да болды.")
    got = sorted((r.iso, s.text) for r in x.regions for s in r.spans["kk"])
    assert got == sorted([("KZ-75", "Алматы"), ("KZ-15", "Ақтөбе"), ("KZ-27", "Батыс Қазақстан"),
                          ("KZ-62", "Ұлытау"), ("KZ-71", "Астанада"), ("KZ-15", "Ақтөбеде")])


def test_almaty_region_and_almaty_city():
    x = kk("Алматы облысында және Алматы қаласында кездесулер өтті.")
    assert [r.iso for r in x.regions] == ["KZ-19", "KZ-75"]


@pytest.mark.parametrize("text, published, date", [
    ("Ағымдағы жылдың 18 қарашасында брифинг өтті.", dt.date(2022, 11, 20), dt.date(2022, 11, 18)),
    ("Биылғы 20 қарашаға белгіленген кезектен тыс Президент сайлауы.", dt.date(2022, 10, 14), dt.date(2022, 11, 20)),
    ("Сайлау 2023 жылғы 19 наурызға тағайындалды.", None, dt.date(2023, 3, 19)),
    ("Бүгін дөңгелек үстел өтті.", dt.date(2023, 2, 1), dt.date(2023, 2, 1)),
    ("Кездесу 19.03.2023 ж. өтеді.", None, dt.date(2023, 3, 19)),
])
def test_dates(text, published, date):
    x = kk(text, published)
    assert [e.date for e in x.events] == [date]


def test_electoral_law_is_no_election():
    x = kk("Сайлау заңнамасы бойынша түсіндіру жұмысы жүргізілді. Сайлау процесі туралы айтылды.")
    assert x.events == []


@pytest.mark.parametrize("text, value, qualifier, mention", [
    ("барлығы 60-қа жуық қоғамдық іс-шаралар өткізілді", 60, "approximately", "60-қа жуық"),
    ("80-нен астам ақпараттық іс-шаралар өткізілді", 80, "more_than", "80-нен астам"),
    ("кемінде 300 байқаушы жұмыс істейді", 300, "at_least", "кемінде 300"),
    ("кем дегенде 5 сарапшы қатысады", 5, "at_least", "кем дегенде 5"),
    ("депутаттарының 69-ы партиялық тізімдер арқылы сайланады", 69, "exactly", "69-ы"),
    ("үш мыңнан астам заңгер қатысты", 3000, "more_than", "үш мыңнан астам"),
])
def test_counts(text, value, qualifier, mention):
    x = kk(text + ".")
    assert [(q.value, q.qualifier, [s.text for s in q.spans["kk"]]) for q in x.quantities] == \
        [(value, qualifier, [mention])]


def test_words_that_look_like_numerals_and_durations_are_not_counts():
    x = kk("Жастар үшін маңызды. Президент бір жеті жылдық мерзімге сайланады. 2022 жылы 25 жастағы студент.")
    assert x.quantities == []


def test_unknown_family_name_loses_its_case_ending_and_local_bodies():
    x = kk("Мұхтар Тайжанмен пікір алмасты. Іс-шараға Қостанай облысы әкімдігінің және ҚР Әділет "
           "министрлігінің қызметкерлері қатысты. Мәжіліс депутаты Айдос Сарым сөйледі.")
    assert {(p.given["kk"], p.family["kk"]) for p in x.persons} == {("Мұхтар", "Тайжан"), ("Айдос", "Сарым")}
    assert sorted(o.name["kk"] for o in x.organizations) == ["Мәжіліс", "ҚР Әділет министрлігі",
                                                             "Қостанай облысы әкімдігі"]


def test_quoted_names_in_a_list_share_the_head_noun():
    x = extract("З\n\nКездесуге «Байтақ», «Ауыл» және «Amanat» партияларының өкілдері қатысты.",
                "З\n\nВо встрече участвовали представители партий «Байтак», «Ауыл» и «Amanat».")
    assert [(o.kind, o.name["kk"], o.name["ru"]) for o in x.organizations] == [
        ("party", "«Байтақ»", "партия «Байтак»"), ("party", "«Ауыл»", "«Ауыл»"),
        ("party", "«Amanat» партиясы", "«Amanat»")]


def test_the_day_of_a_sentence_that_only_says_it_took_place_goes_to_the_titles_event():
    x = extract("Семинар өтті\n\nАғымдағы жылдың 3 наурызында Атырауда іс-шара өтті.",
                "Прошёл семинар\n\n3 марта т.г. в Атырау прошло мероприятие.", published=dt.date(2023, 3, 5))
    assert [(e.subtype, e.date, e.region_iso) for e in x.events] == [("seminar", dt.date(2023, 3, 3), ["KZ-23"])]


def test_ordinals_with_a_hyphen_and_article_numbers_are_not_counts():
    x = kk("Профессор Сарсембаевтың айтуынша, 2-курс студенттері Конституцияның 28-бабын және 5-ші тарауын оқыды. "
           "Оған 3-еуі қатысты.")
    assert [(q.value, [s.text for s in q.spans["kk"]]) for q in x.quantities] == [(3, ["3-еуі"])]
    assert [(p.family["kk"], [s.text for s in p.spans["kk"]]) for p in x.persons] == [("Сарсембаев", ["Сарсембаевтың"])]
