"""When the event an article reports happened, as the words of its lead say.

News leads date their event with a weekday ("kom mandag", "piektdien", "в субботу", "on
Tuesday"), a relative day ("yesterday", "i går", "вчера"), a full date ("15 февраля 2019 года")
or a month of a year ("in February 2019", "i februar 2019"). A weekday or a relative day is
resolved against the publication date when there is one; full dates and months of a year need
none, so an undated article still says when it happened.

Only the lead is read: a date deeper in the text is most often background ("the election of
9 August"), and even in the lead a date without a year may be ("since the 9 August election"),
so such dates are left out of the event time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from babelwire.analyse.months import month_number
from babelwire.models import Fact

# Weekday forms as news write them ("on Monday", "am Montag", "в понедельник", "w poniedziałek",
# "pirmdien"): Monday first. Whole words, casefolded; the forms that double as common words
# (Russian "среда" is also "environment", Polish "środa" a noun in names) are the ones after a
# preposition only ("в среду"), so they are listed in that inflected form.
_WEEKDAYS = {
    "en": "monday tuesday wednesday thursday friday saturday sunday",
    "de": "montag dienstag mittwoch donnerstag freitag samstag|sonnabend sonntag",
    "nb": "mandag tirsdag onsdag torsdag fredag lørdag søndag",
    "da": "mandag tirsdag onsdag torsdag fredag lørdag søndag",
    "sv": "måndag|måndags tisdag|tisdags onsdag|onsdags torsdag|torsdags fredag|fredags "
          "lördag|lördags söndag|söndags",
    "nl": "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag",
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "es": "lunes martes miércoles|miercoles jueves viernes sábado|sabado domingo",
    "it": "lunedì|lunedi martedì|martedi mercoledì|mercoledi giovedì|giovedi venerdì|venerdi "
          "sabato domenica",
    "pt": "segunda-feira terça-feira|terca-feira quarta-feira quinta-feira sexta-feira sábado "
          "domingo",
    "ru": "понедельник вторник среду четверг пятницу|пятница субботу|суббота воскресенье",
    "uk": "понеділок вівторок середу четвер п'ятницю|п’ятницю суботу неділю",
    "pl": "poniedziałek wtorek środę czwartek piątek sobotę niedzielę",
    "cs": "pondělí úterý středu čtvrtek pátek sobotu neděli",
    "sk": "pondelok utorok stredu štvrtok piatok sobotu nedeľu",
    "lv": "pirmdien|pirmdiena otrdien|otrdiena trešdien|trešdiena ceturtdien|ceturtdiena "
          "piektdien|piektdiena sestdien|sestdiena svētdien|svētdiena",
    "lt": "pirmadienį|pirmadienis antradienį|antradienis trečiadienį|trečiadienis "
          "ketvirtadienį|ketvirtadienis penktadienį|penktadienis šeštadienį|šeštadienis "
          "sekmadienį|sekmadienis",
    "et": "esmaspäeval|esmaspäev teisipäeval|teisipäev kolmapäeval|kolmapäev "
          "neljapäeval|neljapäev reedel|reede laupäeval|laupäev pühapäeval|pühapäev",
    "fi": "maanantaina tiistaina keskiviikkona torstaina perjantaina lauantaina sunnuntaina",
    "hr": "ponedjeljak utorak srijedu četvrtak petak subotu nedjelju",
    # Serbian in either script, ekavian and ijekavian
    "sr": "ponedeljak|ponedjeljak|понедељак utorak|уторак sredu|srijedu|среду "
          "četvrtak|четвртак petak|петак subotu|суботу nedelju|nedjelju|недељу",
    "be": "панядзелак аўторак|аўторак сераду чацвер пятніцу|пятніца суботу|субота "
          "нядзелю|нядзеля",
    "gl": "luns martes mércores|mercores xoves venres sábado|sabado domingo",
    "eu": "astelehenean|astelehena asteartean|asteartea asteazkenean|asteazkena "
          "ostegunean|osteguna ostiralean|ostirala larunbatean|larunbata igandean|igandea",
    "sl": "ponedeljek torek sredo četrtek petek soboto nedeljo",
    "ro": "luni marți|marti miercuri joi vineri sâmbătă|sambata duminică|duminica",
    "hu": "hétfőn kedden szerdán csütörtökön pénteken szombaton vasárnap",
    "tr": "pazartesi salı çarşamba perşembe cuma cumartesi pazar",
    "el": "δευτέρα|δευτέρας τρίτη|τρίτης τετάρτη|τετάρτης πέμπτη|πέμπτης "
          "παρασκευή|παρασκευής σάββατο|σαββάτου κυριακή|κυριακής",
    "is": "mánudag|mánudaginn|mánudagur|mánudags þriðjudag|þriðjudaginn|þriðjudagur|þriðjudags "
          "miðvikudag|miðvikudaginn|miðvikudagur|miðvikudags "
          "fimmtudag|fimmtudaginn|fimmtudagur|fimmtudags föstudag|föstudaginn|föstudagur|föstudags "
          "laugardag|laugardaginn|laugardagur|laugardags sunnudag|sunnudaginn|sunnudagur|sunnudags",
    "bg": "понеделник вторник сряда четвъртък петък събота неделя",
    "mk": "понеделник вторник среда четврток петок сабота недела",
    "ca": "dilluns dimarts dimecres dijous divendres dissabte diumenge",
    "ar": "الاثنين|الإثنين الثلاثاء الأربعاء|الاربعاء الخميس الجمعة السبت الأحد|الاحد",
    # Two words joined by "_" are a phrase: the weekday after "day" (Hebrew "ביום שני", where
    # שני alone is "second"), an ordinal (Vietnamese "thứ Hai"; "lần thứ hai" is "the second
    # time"), a day part (Azerbaijani "çərşənbə axşamı", Tuesday, before "çərşənbə")...
    "he": "יום_שני|ביום_שני יום_שלישי|ביום_שלישי יום_רביעי|ביום_רביעי יום_חמישי|ביום_חמישי "
          "יום_שישי|ביום_שישי בשבת|ביום_שבת|יום_שבת יום_ראשון|ביום_ראשון",
    # Persian with its zero-width non-joiners and Arabic letter forms folded (`_PERSIAN_FOLDS`,
    # in `lead_weekdays`): "سه‌شنبه" is one word, "سه شنبه" two
    "fa": "دوشنبه|دو_شنبه سهشنبه|سه_شنبه چهارشنبه|چهار_شنبه پنجشنبه|پنج_شنبه جمعه شنبه "
          "یکشنبه|یک_شنبه",
    "vi": "thứ_hai thứ_ba thứ_tư thứ_năm thứ_sáu thứ_bảy chủ_nhật",
    "id": "senin selasa rabu kamis jumat|jum'at sabtu minggu",
    "ms": "isnin selasa rabu khamis jumaat sabtu ahad",
    "kk": "дүйсенбі сейсенбі сәрсенбі бейсенбі жұма сенбі жексенбі",
    "uz": "dushanba seshanba chorshanba payshanba juma shanba yakshanba",
    "az": "bazar_ertəsi çərşənbə_axşamı çərşənbə cümə_axşamı cümə şənbə bazar_günü",
    "sq": "të_hënën|e_hënë të_martën|e_martë të_mërkurën|e_mërkurë të_enjten|e_enjte "
          "të_premten|e_premte të_shtunën|e_shtunë të_dielën|e_diel",
    "ka": "ორშაბათს|ორშაბათი სამშაბათს|სამშაბათი ოთხშაბათს|ოთხშაბათი ხუთშაბათს|ხუთშაბათი "
          "პარასკევს|პარასკევი შაბათს|შაბათი კვირას",
    # Armenian շաբաթ is "week" too: Saturday only as "on Saturday" (շաբաթ օրը)
    "hy": "երկուշաբթի երեքշաբթի չորեքշաբթի հինգշաբթի ուրբաթ շաբաթ_օրը կիրակի",
    "sw": "jumatatu jumanne jumatano alhamisi ijumaa jumamosi jumapili",
    # Scripts written without spaces: matched inside the text, not as words.
    "ja": "月曜 火曜 水曜 木曜 金曜 土曜 日曜",
    "zh": "星期一|周一|週一|礼拜一 星期二|周二|週二|礼拜二 星期三|周三|週三|礼拜三 "
          "星期四|周四|週四|礼拜四 星期五|周五|週五|礼拜五 星期六|周六|週六|礼拜六 "
          "星期日|星期天|周日|週日|礼拜天",
    "ko": "월요일 화요일 수요일 목요일 금요일 토요일 일요일",
    # Devanagari's vowel signs are no word characters to `re`: matched inside the text too.
    "hi": "सोमवार मंगलवार बुधवार गुरुवार|बृहस्पतिवार शुक्रवार शनिवार रविवार",
}
# A weekday inside a longer word, as news write it: a part of the day joined to it
# ("Montagabend", "måndagskvällen", "maandagavond", "maanantai-iltana"), a definite or possessive
# form ("torsdagen", "mandagens", "Monday's", "sunnuntain"), a case ending ("esmaspäeval",
# "hétfőn"). Per language, the stems the endings attach to (the listed forms when not given) and
# the endings; a word is a weekday when it is a stem plus one of them. German has no bare "s"
# ("montags" is every Monday) and no "e"/"en" ("Montage" is an assembly).
_WEEKDAY_STEMS = {
    "fi": "maanantai tiistai keskiviikko torstai perjantai lauantai sunnuntai",
    "et": "esmaspäev teisipäev kolmapäev neljapäev reede laupäev pühapäev",
    "hu": "hétfő kedd szerda csütörtök péntek szombat vasárnap",
}
_SCANDINAVIAN_ENDINGS = ("en ens skveld skvelden smorgen smorgenen snatt snatta snatten "
                         "sformiddag sformiddagen settermiddag settermiddagen saften")
_WEEKDAY_ENDINGS = {
    "en": "'s ’s",
    "de": "abend morgen nachmittag vormittag nacht mittag früh",
    "nl": "avond ochtend middag morgen nacht namiddag",
    "sv": "en ens skväll skvällen smorgon smorgonen snatt snatten seftermiddag "
          "seftermiddagen sförmiddag sförmiddagen",
    "nb": _SCANDINAVIAN_ENDINGS,
    "da": _SCANDINAVIAN_ENDINGS,
    "fi": "na n iltana -iltana aamuna -aamuna iltapäivänä -iltapäivänä aamupäivänä "
          "-aamupäivänä yönä -yönä",
    "et": "_ al a l aõhtul ahommikul aöösel",
    "hu": "_ n en on ön i",
    "kk": "_ де да",  # the locative: "дүйсенбіде", on Monday
}
_MATCHED_INSIDE_TEXT = frozenset({"ja", "zh", "ko", "hi"})
# Greek weekdays are ordinals too (Τρίτη "Tuesday", τρίτη "third"): only the capitalised word
# names a day. Chinese 周一 ("Monday") is also in 一周一次 ("once a week").
# So are Vietnamese ones ("thứ Hai", Monday; "thứ hai", second), and Indonesian "Minggu" is
# Sunday where "minggu" is a week. In a phrase, one capitalised word is enough ("Chủ nhật").
_CAPITALISED_ONLY = frozenset({"el", "vi", "id", "ms"})
_NOT_A_DAY_AFTER = "次个個"
_LANGUAGE_ALIASES = {"no": "nb", "nn": "nb", "bs": "hr", "iw": "he"}
_PHRASE_LANGUAGES = frozenset(lang for lang, names in _WEEKDAYS.items() if "_" in names)
# Persian: a zero-width non-joiner inside a word ("سه‌شنبه") is no word break to `re`, and
# many sites type the Arabic letters ي and ك for Persian ی and ک
_PERSIAN_FOLDS = str.maketrans({"\u200c": None, "ي": "ی", "ك": "ک"})
# "yesterday" and "today" (offsets from the publication day); words, or two-word phrases.
_RELATIVE_DAYS = {
    -1: "yesterday gestern i_går igår gisteren hier ayer ieri ontem вчера вчора wczoraj včera "
        "vakar eile eilen tegnap dün jučer včeraj χθες χτες í_gær ahir أمس امس учора ўчора "
        "јуче juče onte atzo kemarin hôm_qua אתמול دیروز кеше გუშინ երեկ dünən",
    0: "today heute i_dag idag vandaag aujourd'hui hoy oggi hoje сегодня сьогодні dziś dzisiaj "
       "dnes šodien šiandien täna tänään ma bugün danas danes σήμερα í_dag avui днес اليوم "
       "сёння данас hoxe hari_ini hôm_nay היום امروز бүгін დღეს այսօր",
}
# Found inside the text for the languages written without spaces.
_RELATIVE_DAYS_CJK = {-1: ("昨日", "昨天", "어제"), 0: ("今日", "今天", "오늘")}
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)?", re.UNICODE)
_MONTH_YEAR = re.compile(r"(?<![^\W\d_])(?P<month>[^\W\d_]{3,})\.?,?\s+"
                         r"(?P<year>(?:18|19|20|21)\d\d)(?!\d)")
_FIRST_YEAR, _LAST_YEAR = 1800, 2200


@dataclass(frozen=True)
class EventTime:
    """The lead's dating of its event: any part may be unknown."""

    weekday: int | None = None  # the first the lead names: 0 Monday .. 6 Sunday
    weekdays: frozenset[int] = frozenset()  # every weekday the lead names (or "yesterday" gives)
    start: float | None = None  # the interval (Unix seconds) the event falls in, when known
    end: float | None = None
    from_text: bool = False  # the interval comes from the words, not from publication

    @property
    def known(self) -> bool:
        return self.weekday is not None or self.start is not None


@lru_cache(maxsize=64)
def _weekday_table(lang: str) -> dict[str, int]:
    lang = _LANGUAGE_ALIASES.get(lang, lang)
    names = _WEEKDAYS.get(lang) or _WEEKDAYS["en"]
    return {form.replace("_", " ").casefold(): number
            for number, forms in enumerate(names.split()) for form in forms.split("|")}


@lru_cache(maxsize=64)
def _weekday_stems(lang: str) -> tuple[dict[str, list[tuple[str, int]]], frozenset[str]]:
    """The stems a weekday ending attaches to, by their first two letters, and the endings
    ("_" is none: the stem alone)."""
    endings = _WEEKDAY_ENDINGS.get(lang)
    if endings is None:
        return {}, frozenset()
    stems = _WEEKDAY_STEMS.get(lang) or _WEEKDAYS[lang]
    by_start: dict[str, list[tuple[str, int]]] = {}
    for number, forms in enumerate(stems.split()):
        stem = forms.split("|")[0].casefold()
        by_start.setdefault(stem[:2], []).append((stem, number))
    return by_start, frozenset(e.replace("_", "") for e in endings.split())


def _weekday_of_word(word: str, lang: str) -> int | None:
    number = _weekday_table(lang).get(word)
    if number is not None:
        return number
    stems, endings = _weekday_stems(lang)
    for stem, number in stems.get(word[:2], ()):
        if word.startswith(stem) and word[len(stem):] in endings:
            return number
    return None


@lru_cache(maxsize=1)
def _relative_table() -> dict[str, int]:
    return {word.replace("_", " ").casefold(): offset for offset, words in _RELATIVE_DAYS.items()
            for word in words.split()}


def lead_weekdays(lead: str, lang: str) -> list[int]:
    """The weekdays the lead names (0 Monday), in order, each once."""
    table = _weekday_table(lang)
    lang = _LANGUAGE_ALIASES.get(lang, lang)
    if lang in _MATCHED_INSIDE_TEXT:
        at = sorted((match.start(), number) for form, number in table.items()
                    for match in re.finditer(re.escape(form), lead)
                    if lead[match.end():match.end() + 1] not in _NOT_A_DAY_AFTER or
                    match.end() == len(lead))
        return list(dict.fromkeys(number for _, number in at))
    if lang == "fa":
        lead = lead.translate(_PERSIAN_FOLDS)
    words = [match.group() for match in _WORD.finditer(lead)]
    capitalised_only = lang in _CAPITALISED_ONLY
    found: list[int] = []
    index = 0
    sizes = (2, 1) if lang in _PHRASE_LANGUAGES else (1,)
    while index < len(words):
        for size in sizes:  # a phrase before its last word alone ("çərşənbə axşamı")
            span = words[index:index + size]
            if len(span) < size or (capitalised_only
                                    and not any(word[:1].isupper() for word in span)):
                continue
            text = " ".join(span).casefold()
            number = table.get(text) if size == 2 else _weekday_of_word(text, lang)
            if number is not None:
                found.append(number)
                index += size
                break
        else:
            index += 1
    return list(dict.fromkeys(found))


def lead_weekday(lead: str, lang: str) -> int | None:
    """The first weekday the lead names (0 Monday), or None."""
    return next(iter(lead_weekdays(lead, lang)), None)


def relative_day(lead: str) -> int | None:
    """-1 when the lead says "yesterday" (in any language listed), 0 for "today", else None."""
    for offset, forms in _RELATIVE_DAYS_CJK.items():
        if any(form in lead for form in forms):
            return offset
    words = [m.group().casefold() for m in _WORD.finditer(lead)]
    table = _relative_table()
    for first, second in zip(words, [*words[1:], ""], strict=False):
        for candidate in (f"{first} {second}", first):
            if candidate in table:
                return table[candidate]
    return None


def explicit_period(lead: str, lang: str, lead_facts: list[Fact]) -> tuple[date, date] | None:
    """A full date (with its year) or a month of a year that the lead writes, else None."""
    for fact in lead_facts:
        if fact.kind == "date" and fact.value >= _FIRST_YEAR * 10000:
            value = int(fact.value)
            try:
                day = date(value // 10000, value // 100 % 100, value % 100)
            except ValueError:
                continue
            return day, day
    for match in _MONTH_YEAR.finditer(lead):
        month, year = month_number(match.group("month"), lang), int(match.group("year"))
        if month is not None and _FIRST_YEAR <= year <= _LAST_YEAR:
            last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))
            return date(year, month, 1), last
    return None


def event_time(lead: str, lang: str, lead_facts: list[Fact], published: datetime | None,
               precision: str | None) -> EventTime:
    """When the lead's event happened: the weekday it names (or that "yesterday" or a full date
    gives), and the interval of a full date or a month of a year it writes."""
    weekdays = lead_weekdays(lead, lang)
    day_known = published is not None and precision in (None, "day")
    if day_known:
        offset = relative_day(lead)
        if offset is not None:
            assert published is not None
            weekdays.append((published.astimezone(UTC).date() + timedelta(days=offset)).weekday())
    weekday = weekdays[0] if weekdays else None
    period = explicit_period(lead, lang, lead_facts)
    if period is None:
        return EventTime(weekday=weekday, weekdays=frozenset(weekdays))
    if period[0] == period[1]:  # a full date names its weekday too ("15. Februar 2019": Friday)
        weekdays.append(period[0].weekday())
        weekday = weekdays[0]
    start = datetime(period[0].year, period[0].month, period[0].day, tzinfo=UTC).timestamp()
    end = datetime(period[1].year, period[1].month, period[1].day, tzinfo=UTC).timestamp()
    return EventTime(weekday=weekday, weekdays=frozenset(weekdays), start=start,
                     end=end + 86400.0, from_text=True)
