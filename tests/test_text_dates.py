"""Dates the words of a lead give its event: weekdays, relative days, full dates, months."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from babelwire.analyse.facts import extract_facts
from babelwire.analyse.text_dates import event_time, lead_weekday, relative_day

MONDAY = datetime(2020, 9, 14, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("lead", "lang", "weekday"), [
    ("Hviterusslands president kom mandag til Sotsji", "nb", 0),
    ("Lukašenko piektdien ieradās Maskavā", "lv", 4),
    ("Путин в субботу встретился с Лукашенко", "ru", 5),
    ("Putin met Lukashenko on Tuesday in Moscow", "en", 1),
    ("Maas traf am Donnerstag Tichanowskaja in Vilnius", "de", 3),
    ("Spotkanie odbyło się w środę w Mińsku", "pl", 2),
    ("The summit was about the environment", "en", None),
    ("Среда обитания меняется", "ru", None),  # "environment", not Wednesday
    ("Μετασεισμός 4,9 Ρίχτερ τη Δευτέρα στη Σμύρνη", "el", 0),
    ("Ο σεισμός της Παρασκευής στη Σάμο", "el", 4),
    ("Για τρίτη φορά μέσα σε ένα μήνα", "el", None),  # "third", not Tuesday
    ("Á fimmtudaginn hófst eldgos á Reykjanesskaga", "is", 3),
    ("Срещата се състоя в сряда в София", "bg", 2),
    ("La reunió es va fer dimarts a Barcelona", "ca", 1),
    ("التقى الرئيسان يوم الخميس في سوتشي", "ar", 3),
    ("プーチン大統領は月曜日、ソチでルカシェンコ大統領と会談した", "ja", 0),
    ("普京周一在索契会见了卢卡申科", "zh", 0),
    ("两国领导人一周一次通电话", "zh", None),  # "once a week", not Monday
    ("푸틴 대통령은 월요일 소치에서 루카셴코 대통령을 만났다", "ko", 0),
])
def test_the_first_weekday_of_the_lead(lead: str, lang: str, weekday: int | None):
    assert lead_weekday(lead, lang) == weekday


@pytest.mark.parametrize(("lead", "lang", "weekday"), [
    ("Misjustin besökte på torsdagen Minsk", "sv", 3),
    ("Putin tog på måndagen emot Lukasjenko i Sotji", "sv", 0),
    ("Protesterna fortsatte under söndagskvällen", "sv", 6),
    ("Mandagens møte i Sotsji varte i fire timer", "nb", 0),
    ("Demonstrantene samlet seg igjen søndagskvelden", "nb", 6),
    ("Putin empfing Lukaschenko am Montagabend in Sotschi", "de", 0),
    ("Die Montage der Anlage dauerte Wochen", "de", None),  # an assembly, not Monday
    ("Poetin ontving Loekasjenko maandagavond in Sotsji", "nl", 0),
    ("Putin met Lukashenko after Sunday's mass protest", "en", 6),
    ("Putin tapasi Lukašenkan Sotšissa maanantai-iltana", "fi", 0),
    ("Sunnuntain mielenosoitukseen osallistui satatuhatta", "fi", 6),
    ("Putin kohtus Lukašenkaga esmaspäeva õhtul Sotšis", "et", 0),
    ("Kohtumine toimus reedel Moskvas", "et", 4),
    ("A hétfői tárgyaláson Putyin hitelt ígért", "hu", 0),
    ("Putyin hétfő este fogadta Lukasenkát", "hu", 0),
])
def test_weekdays_inside_longer_words(lead: str, lang: str, weekday: int | None):
    """A weekday with a part of the day joined to it, or a definite, possessive or case
    ending: the forms that a list of whole words misses (blind probe, issue 21)."""
    assert lead_weekday(lead, lang) == weekday


@pytest.mark.parametrize(("lead", "lang", "weekday"), [
    ("Уладзімір Пуцін у панядзелак прыняў у Сочы Аляксандра Лукашэнку", "be", 0),
    ("Путин је у понедељак примио Лукашенка у Сочију", "sr", 0),
    ("Putin je u ponedeljak primio Lukašenka u Sočiju", "sr", 0),
    ("Putin recibiu o luns en Sochi a Lukashenko", "gl", 0),
    ("Putinek astelehenean hartu zuen Lukaxenko Sotxin", "eu", 0),
    ("पुतिन ने सोमवार को सोची में लुकाशेंको से मुलाकात की", "hi", 0),
])
def test_weekdays_in_languages_that_had_no_list(lead: str, lang: str, weekday: int | None):
    """Belarusian, Serbian (both scripts), Galician, Basque and Hindi fell back on English."""
    assert lead_weekday(lead, lang) == weekday


@pytest.mark.parametrize(("lead", "lang", "weekday"), [
    ("Presiden Rusia Vladimir Putin menerima Lukashenko di Sochi pada Senin", "id", 0),
    ("Keduanya bertemu di Sankt Peterburg pada Rabu", "id", 2),
    ("Harga naik dalam satu minggu terakhir", "id", None),  # "week", not Sunday
    ("Putin menerima Lukashenko pada Isnin di Sochi", "ms", 0),
    ("Tổng thống Nga Vladimir Putin hôm thứ Hai đã tiếp ông Lukashenko", "vi", 0),
    ("Hôm Chủ nhật, hơn 100.000 người xuống đường", "vi", 6),
    ("Đây là lần thứ hai hai nhà lãnh đạo gặp nhau", "vi", None),  # "second time"
    ("ולדימיר פוטין אירח ביום שני בסוצ'י את לוקשנקו", "he", 0),
    ("זו הפעם השנייה ששני המנהיגים נפגשים", "he", None),
    ("پوتین روز دوشنبه در سوچی میزبان لوکاشنکو بود", "fa", 0),
    ("دو رئیس‌جمهور روز پنجشنبه تلفنی گفت‌وگو کردند", "fa", 3),
    ("نشست روز سه\u200cشنبه در تهران برگزار شد", "fa", 1),  # not شنبه, Saturday
    ("نشست روز سه شنبه در تهران برگزار شد", "fa", 1),
    ("Путин дүйсенбіде Сочиде Лукашенконы қабылдады", "kk", 0),
    ("Putin çərşənbə axşamı Soçidə Lukaşenkonu qəbul etdi", "az", 1),  # not çərşənbə
    ("Putini priti të hënën në Soçi Lukashenkon", "sq", 0),
    ("პუტინმა ორშაბათს სოჭში ლუკაშენკო მიიღო", "ka", 0),
    ("Պուտինը երկուշաբթի Սոչիում ընդունեց Լուկաշենկոյին", "hy", 0),
    ("Putin alimkaribisha Lukashenko Jumatatu mjini Sochi", "sw", 0),
])
def test_weekdays_in_more_languages_and_in_two_words(lead: str, lang: str,
                                                     weekday: int | None):
    """Languages that fell back on English (blind probe 7, issue 21), some whose weekday is
    two words (Hebrew "ביום שני", Vietnamese "thứ Hai", Azerbaijani "çərşənbə axşamı")."""
    assert lead_weekday(lead, lang) == weekday


def test_yesterday_resolves_against_an_exact_publication_day():
    lead = "Putin hosted Lukashenko yesterday in Sochi"
    assert relative_day(lead) == -1
    assert event_time(lead, "en", [], MONDAY, "day").weekday == 6
    # a month-precise publication date cannot place "yesterday"
    assert event_time(lead, "en", [], MONDAY, "month").weekday is None
    assert event_time("Вчера Путин принял Лукашенко", "ru", [], MONDAY, "day").weekday == 6


@pytest.mark.parametrize(("lead", "offset"), [
    ("Χθες ο Πούτιν συνάντησε τον Λουκασένκο", -1), ("Σήμερα στο Σότσι", 0),
    ("Í gær hittust forsetarnir", -1), ("昨日、プーチン大統領は", -1), ("今天普京会见", 0),
    ("어제 두 정상은 만났다", -1), ("Ahir es van reunir", -1), ("Днес президентите", 0),
    ("Учора прэзідэнты сустрэліся", -1), ("Јуче су се састали", -1), ("Onte reuníronse", -1),
    ("Kemarin kedua presiden bertemu", -1), ("Hôm qua hai nhà lãnh đạo", -1),
    ("אתמול נפגשו הנשיאים", -1), ("دیروز پوتین و لوکاشنکو", -1), ("Pertemuan hari ini", 0),
])
def test_yesterday_and_today_in_more_languages(lead: str, offset: int):
    assert relative_day(lead) == offset


@pytest.mark.parametrize(("lead", "lang", "first_day", "last_day"), [
    ("Путин и Лукашенко встретились в Сочи 15 февраля 2019 года", "ru",
     "2019-02-15", "2019-02-15"),
    ("Putin and Lukashenko met in Sochi in February 2019", "en", "2019-02-01", "2019-02-28"),
    ("Solberg møtte Tikhanovskaja i Vilnius i september 2020", "nb", "2020-09-01", "2020-09-30"),
])
def test_explicit_dates_date_an_undated_article(lead: str, lang: str, first_day: str,
                                                last_day: str):
    facts = extract_facts(lead, lang)
    time = event_time(lead, lang, facts, None, None)
    assert time.from_text
    assert time.start is not None and time.end is not None
    start = datetime.fromtimestamp(time.start, UTC).date().isoformat()
    last = datetime.fromtimestamp(time.end - 1, UTC).date().isoformat()
    assert (start, last) == (first_day, last_day)


def test_a_full_date_gives_its_weekday():
    """"am 15. Februar 2019" is a Friday: an undated phone call "on Thursday" is another day
    (blind probe 8: the 2019 ski day, dated only in its text, joined such a call)."""
    lead = "Putin hat Lukaschenko am 15. Februar 2019 in Sotschi empfangen"
    time = event_time(lead, "de", extract_facts(lead, "de"), None, None)
    assert time.weekdays == frozenset({4}) and time.weekday == 4
    month = "Putin and Lukashenko met in Sochi in February 2019"
    assert event_time(month, "en", extract_facts(month, "en"), None, None).weekdays == frozenset()


def test_a_date_without_a_year_is_left_out():
    lead = "the first foreign trip since the election of 9 August"
    time = event_time(lead, "en", extract_facts(lead, "en"), None, None)
    assert time.start is None and not time.from_text


@given(st.text(max_size=200), st.sampled_from(["en", "nb", "lv", "ru", "de", "xx"]))
def test_any_text_gives_a_well_formed_time(lead: str, lang: str):
    time = event_time(lead, lang, extract_facts(lead, lang), MONDAY, "day")
    assert time.weekday is None or 0 <= time.weekday <= 6
    assert (time.start is None) == (time.end is None)
    if time.start is not None and time.end is not None:
        assert time.start < time.end
