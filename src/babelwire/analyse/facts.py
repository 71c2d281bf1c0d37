"""Numbers and dates with their units, per sentence, across languages.

Kinds, values and units of the facts found:

* ``percent``: "80,1%", "over 80 prosent", "80 процентов", "yüzde 80" -> 80.1 / 80, unit "%".
* ``money``: "EUR 3.4 billion", "3,4 miljardi eiro", "€1.2bn", "2 mln zł" -> the amount with
  its scale applied (3.4e9), unit the ISO code ("EUR", "USD", "PLN"; "kr" by language).
* ``people`` and ``votes``: "774 cilvēki", "150.000 Menschen", "1,5 млн голосов" -> the count,
  unit "people" or "votes".
* ``measure``: "450 MW", "12 km", "30 mm", "200 hectares" -> the value, unit "MW", "km"...
* ``date``: "9. august", "9.augustā", "14 September 2020", "14 сентября", "2020-09-14",
  "September 14, 2020", "2020. gada 9. augustā" -> YYYYMMDD when the year is written with
  the date, else MMDD (so 0809 for "9. august": compare dates without a year on MMDD).
* ``year``: a four-digit number from 1800 to 2100 with no unit, "1994.gada", "in 1994".
* ``count``: any other number >= 10 (scale words applied: "5 million" -> 5e6), so later
  stages can still compare bare numbers across languages.

Number formats: "150 000" (space, no-break or thin space groups), "150.000" and "150,000"
(a separator followed by exactly three digits groups thousands unless it is the language's
decimal mark), "80,1" and "3.4" (decimal marks), "1.234,5" / "1,234.5" (the last separator is
the decimal mark). ``surface`` keeps a qualifier written before the number ("over 80 prosent").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from babelwire.analyse.months import month_number
from babelwire.analyse.names import split_sentences
from babelwire.models import Fact


def _words(text: str) -> list[str]:
    return text.split()


# --- lexicon -------------------------------------------------------------------------------------

# Languages writing "3.4" (others write "3,4" and may group thousands with ".").
DECIMAL_POINT_LANGS = frozenset(_words("en he ja ko zh th hi ms fil ga mt"))

def _lexicon(spec: str) -> dict[str, str]:
    """"EUR: € eur euro; USD: $ usd" -> {"€": "EUR", "eur": "EUR", "euro": "EUR", ...}."""
    return {
        word: value.strip()
        for entry in spec.split(";")
        for value, words in [entry.split(":")]
        for word in words.split()
    }


SCALES = {word: float(value) for word, value in _lexicon(
    "1e3: thousand thousands tusen tusind tūkst tūkstoši tūkstošiem tūkstošus tūkstančių тыс mila "
    "тысяч тысячи тысяча тис тисяч тисячі tausend mille mil tys tysięcy tis tisíc tuhatta tuhat "
    "tuh ezer bin χιλιάδες mii duizend;"
    "1e6: million millions mln mn mio miljon miljoner millioner millionen millón millones "
    "milione milioni miljoen miljoenen milijon milijonov miljoni miljonu miljonus miljoniem "
    "miljoonaa miljoona miljonit milijonai milijonų milijono millió milyon milion miliony "
    "milionów milionu milionů εκατομμύρια εκατομμύριο млн миллион миллиона миллионов мільйон "
    "мільйона мільйонів мн;"
    "1e9: billion billions bn mrd mld mlrd miljard miljarder milliarder milliarden milliarde "
    "milliard milliards miliardo miliardi miljardi miljardu miljards miljardiem miljardus miliard "
    "miliardy miliardów miliardu miliardů milijard milijardų milijardai milliárd milyar "
    "miljardia miljardit δισεκατομμύρια δισ млрд миллиард миллиарда миллиардов мільярд мільярда "
    "мільярдів;"
    "1e12: trillion trillions trln трлн триллион триллиона триллионов"
).items()}
# "m" and "b" are scales only right after a currency ("$5m", "€2b"); "mil millones" is 1e9.
CURRENCY_ONLY_SCALES = {"m": 1e6, "b": 1e9, "k": 1e3}
CURRENCIES = _lexicon(
    "EUR: € eur euro euros eiro евро євро euró ευρώ eurų eurot euroa euroja eura;"
    "USD: $ usd us$ dollar dollars dollari dollaro dólar dólares доллар долларов доллара долар "
    "долара доларів dolāri dolāru dolāriem dolerių doleriai dollaria dolarów dolary dolarů "
    "δολάρια dolari dollár dolar;"
    "GBP: £ gbp pound pounds фунтов фунта sterling; PLN: zł zl pln złotych złote złoty;"
    "RUB: ₽ rub руб рублей рубля рубль rubļi rubļu rubel rubles roubles rublių ruble;"
    "UAH: ₴ uah гривень гривні гривня грн hryvnias hryvnia; CHF: chf franken;"
    "CZK: kč czk korun; HUF: ft huf forint; TRY: ₺ tl try lira; JPY: ¥ jpy yen; NOK: nok;"
    "SEK: sek kronor; DKK: dkk; BYN: byn"
)
KRONE_BY_LANG = {"nb": "NOK", "nn": "NOK", "no": "NOK", "sv": "SEK", "da": "DKK", "is": "ISK"}
KRONE_WORDS = frozenset(_words("kr kroner krone kronor krónur"))

PERCENT_WORDS = frozenset(_words(
    "% prosent procent prozent percent procents procentu procentiem proc procentų procentai "
    "процентов процента процент проц відсотків відсотка відсоток працэнтаў prosenttia prosentti "
    "protsenti protsent százalék százalékkal százalékot procenta procent procento percento "
    "posto pct"))
PERCENT_PHRASES = re.compile(
    r"(?:per\s+cent|pour\s+cent|por\s+ciento|por\s+cento|per\s+cento|τοις\s+εκατό)\b", re.I
)
PERCENT_BEFORE = re.compile(r"(?:%|\byüzde\s+)$", re.I)  # Turkish "%80", "yüzde 80"

# Prefixes of words that count people or votes (inflected forms follow the prefix).
PEOPLE_PREFIXES = tuple(_words(
    "people person residents protester demonstrator marcher civilian migrant refugee soldier "
    "worker student children adult victim inhabitant menneske personer demonstrant människor "
    "cilvēk iedzīvotāj protestētāj žmon asmen gyventoj inimes inimest isikut ihmis henkilö "
    "mielenosoittaj человек людей жител протестующ осіб особ мешканц menschen einwohner "
    "personnes manifestant habitant personas habitantes persone abitanti pessoas mensen "
    "betoger osób osoby ludzi mieszkańc lidí osob obyvatel ember tüntető kişi insan gösterici "
    "άτομα ανθρώπ διαδηλωτ persoane oameni ljudi osoba prosvjednik"))
VOTE_PREFIXES = tuple(_words(
    "vote stemme röst stimme voix voto voti голос balsu balsis balsīm balsų głos hlas ääntä "
    "häält szavazat oy ψήφ votur"))
MEASURES = {unit.lower(): unit for unit in _words("km km² mm cm kg MW GW kW kWh MWh GWh TWh ha °C")}
MEASURES |= _lexicon(  # inflected forms as news writes them: "35 Kilometern", "25 quilômetros"
    "ha: hectares hectare hectáreas ettari hektar hektarer hektāri hektāru гектаров; km: kilometres"
    " kilometers kilometre kilometer kilometern kilómetros kilomètres chilometri quilômetros "
    "kilometrów kilometrů kilometru километров кілометрів kilometri kilometriä kilometrų км;"
    "m: metres meters metre meter metern metros mètres metri metrów metrů метров метрів метра "
    "metriä metrit metrų; mm: millimetres millimeters millimetri millimètres milímetros "
    "millimeter millimetern миллиметров; m²: mkw квадратных квадратних; l: liter litres litros")

ABBREVIATIONS = frozenset(_words("proc tys tūkst tūkst tis tuh mln mn mio mrd mld mlrd trln "
                                 "тыс тис млн мн млрд трлн руб грн pct zl eur"))
QUALIFIER = re.compile(
    r"(?:\b(?:over|more\s+than|less\s+than|fewer\s+than|about|around|nearly|almost|up\s+to|"
    r"at\s+least|some|mer\s+enn|nesten|rundt|cirka|ca\.|omkring|drøyt|över|nära|über|mehr\s+als|"
    r"fast|rund|etwa|knapp|plus\s+de|près\s+de|environ|más\s+de|casi|unos|cerca\s+de|oltre|"
    r"quasi|circa|ruim|bijna|ponad|prawie|około|více\s+než|téměř|asi|yli|lähes|noin|üle|"
    r"peaaegu|umbes|daugiau\s+nei|beveik|apie|vairāk\s+nekā|vairāk\s+kā|gandrīz|ap|aptuveni|"
    r"более|больше|почти|около|свыше|понад|майже|близько|több\s+mint|közel|mintegy|csaknem|"
    r"yaklaşık|περίπου|πάνω\s+από|peste|aproape)\s+)$",
    re.I,
)

# --- patterns ------------------------------------------------------------------------------------

_SPACE = "[ \u00a0\u202f\u2009]"
NUMBER = re.compile(
    rf"(?<![\w.,\-/−])(?:\d{{1,3}}(?:(?:{_SPACE}|[.,’'])\d{{3}})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    r"(?!\d|[.,]\d)"
)
ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])")
NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,2})([./])(\d{1,2})\2(\d{4})(?!\d)")
DAY_MONTH = re.compile(
    r"(?<![\d.,])(?P<day>\d{1,2})(?:\.|st|nd|rd|th|er|º|ª)?\s*(?:de\s+)?"
    r"(?P<month>[^\W\d_]{3,})(?:\.?,?\s*(?:de\s+|del\s+)?(?P<year>\d{4})(?!\d))?"
)
MONTH_DAY = re.compile(
    r"(?<![^\W\d_])(?P<month>[^\W\d_]{3,})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th|\.|-?[^\W\d_]{1,3}\b)?(?!\d)"
    r"(?:,?\s+(?P<year>\d{4})(?!\d))?"
)
YEAR_BEFORE = re.compile(r"(\d{4})\.?\s*(?:gada|g\.|m\.|г\.|года|року|roku)?,?\s*$")
YEAR_AFTER = re.compile(r"\.?\s?(?:(?:gad|год|рок|yıl)[^\W\d_]*|g\.|m\.|г\.|roku)")
_HAS_DIGIT = re.compile(r"\d")
LINK_WORD = re.compile(r"\s(?:de|of|di)\b|\sd['’]", re.I)
NEXT_TOKEN = re.compile(r"\s?(%|‰|[€$£¥₽₴₺]|[^\W\d_]+\.?)")
CURRENCY_BEFORE = re.compile(
    r"(US\$|\$|€|£|¥|₽|₴|₺|\b(?:EUR|USD|GBP|CHF|PLN|NOK|SEK|DKK|RUB|UAH|JPY|CZK|HUF|TRY))"
    r"[ \u00a0]?$"
)


@dataclass(frozen=True)
class _Unit:
    kind: str
    unit: str
    end: int  # where the unit's text ends in the sentence


def extract_facts(text: str, lang: str) -> list[Fact]:
    """All number and date facts in text, in order, with sentence indices."""
    lang = lang.lower()
    facts: list[Fact] = []
    for index, (_, sentence) in enumerate(split_sentences(text)):
        dates = _dates(sentence, lang, index)
        taken = [span for span, _ in dates]
        found = [(span[0], fact) for span, fact in dates]
        for match in NUMBER.finditer(sentence):
            if any(start <= match.start() < end for start, end in taken):
                continue
            fact = _number_fact(sentence, match, lang, index)
            if fact is not None and math.isfinite(fact.value):  # a 400-digit run is no figure
                found.append((match.start(), fact))
        facts.extend(fact for _, fact in sorted(found, key=lambda item: item[0]))
    return facts


# --- numbers -------------------------------------------------------------------------------------


def parse_number(text: str, lang: str) -> float:
    """"150 000" -> 150000, "150.000" (de) -> 150000, "80,1" -> 80.1, "1,234.5" -> 1234.5."""
    digits = re.sub(rf"{_SPACE}|[’']", "", text)
    separators = [char for char in digits if char in ".,"]
    if not separators:
        return float(digits)
    if len(set(separators)) == 2:  # the last separator is the decimal mark
        decimal = separators[-1]
        thousands = "," if decimal == "." else "."
        return float(digits.replace(thousands, "").replace(decimal, "."))
    mark = separators[0]
    decimal_mark = "." if lang in DECIMAL_POINT_LANGS else ","
    groups = digits.split(mark)
    if len(groups) > 2 or (mark != decimal_mark and len(groups[1]) == 3):
        return float(digits.replace(mark, ""))  # thousands groups
    return float(digits.replace(mark, "."))


def _number_fact(sentence: str, match: re.Match[str], lang: str, index: int) -> Fact | None:
    value = parse_number(match.group(), lang)
    before = sentence[max(0, match.start() - 16) : match.start()]  # anchored look-behinds
    start, end = match.start(), match.end()
    currency = CURRENCY_BEFORE.search(before)
    if currency:
        start = match.start() - len(currency.group())
    unit: _Unit | None = None
    scale = 1.0
    next_token = NEXT_TOKEN.match(sentence, end)
    if next_token:
        word = next_token.group(1).lower().rstrip(".")
        if word in SCALES or (currency and word in CURRENCY_ONLY_SCALES):
            scale = SCALES.get(word) or CURRENCY_ONLY_SCALES[word]
            dot = next_token.group(1).endswith(".") and word not in ABBREVIATIONS
            end = next_token.end() - dot
            after = NEXT_TOKEN.match(sentence, end) if word == "mil" else None
            if after and after.group(1).lower().startswith(("millon", "milhõ", "milhoe")):
                scale, end = 1e9, after.end()  # Spanish/Portuguese "mil millones"
    unit = _unit_after(sentence, end, lang)
    if unit is None and scale > 1 and (link := LINK_WORD.match(sentence, end)):
        unit = _unit_after(sentence, link.end(), lang)  # "1,5 milliard de dollars"
    if currency:
        code = CURRENCIES.get(currency.group(1).lower().strip(), currency.group(1).upper())
        unit = _Unit("money", "USD" if code == "US$" else code, unit.end if unit else end)
    elif percent_before := PERCENT_BEFORE.search(before):
        start = match.start() - len(percent_before.group())
        unit = _Unit("percent", "%", end)
    if unit is not None:
        end = unit.end
    value *= scale
    if qualifier := QUALIFIER.search(sentence[max(0, start - 24) : start]):
        start -= len(qualifier.group())
    surface = sentence[start:end].strip()
    if unit is not None:
        return Fact(unit.kind, value, unit.unit, surface, index)
    raw = match.group()
    if scale == 1.0 and raw.isdigit() and len(raw) == 4 and 1800 <= value <= 2100:
        year_tail = YEAR_AFTER.match(sentence, match.end())
        surface_end = year_tail.end() if year_tail else match.end()
        return Fact("year", value, "", sentence[match.start() : surface_end], index)
    if value >= 10:
        return Fact("count", value, "", surface, index)
    return None


def _unit_after(sentence: str, position: int, lang: str) -> _Unit | None:
    """The unit written right after a number (and its scale word), if any."""
    phrase = PERCENT_PHRASES.match(sentence, position + (sentence[position : position + 1] == " "))
    if phrase:
        return _Unit("percent", "%", phrase.end())
    token = NEXT_TOKEN.match(sentence, position)
    if token is None:
        return None
    raw = token.group(1)
    word = raw.lower().rstrip(".") if raw != "%" else raw
    # keep the dot of an abbreviation ("proc.", "tys."), not a sentence's full stop
    end = token.end() - (raw.endswith(".") and word not in ABBREVIATIONS)
    if word in PERCENT_WORDS or word == "‰":
        return _Unit("percent", "%" if word != "‰" else "‰", end)
    if word in CURRENCIES:
        return _Unit("money", CURRENCIES[word], end)
    if word in KRONE_WORDS and lang in KRONE_BY_LANG:
        return _Unit("money", KRONE_BY_LANG[lang], end)
    if word in MEASURES and (raw.lower() == raw or raw in MEASURES.values()):
        return _Unit("measure", MEASURES[word], end)
    if _starts_with_any(word, PEOPLE_PREFIXES):
        return _Unit("people", "people", end)
    if _starts_with_any(word, VOTE_PREFIXES):
        return _Unit("votes", "votes", end)
    return None


@lru_cache(maxsize=50_000)
def _starts_with_any(word: str, prefixes: tuple[str, ...]) -> bool:
    """Prefix match for inflected forms; prefixes under four letters must match whole words."""
    return any(
        word.startswith(prefix) if len(prefix) >= 4 else word == prefix for prefix in prefixes
    )


# --- dates ---------------------------------------------------------------------------------------


def _dates(sentence: str, lang: str, index: int) -> list[tuple[tuple[int, int], Fact]]:
    """Dates with the sentence spans they use (their numbers are not counted again)."""
    return [((start, end), Fact("date", value, "", surface, index))
            for start, end, value, surface in _date_spans(sentence, lang)]


@lru_cache(maxsize=256)  # the facts and the claims (numbers.py) both read each sentence's dates
def _date_spans(sentence: str, lang: str) -> tuple[tuple[int, int, float, str], ...]:
    """(start, end, YYYYMMDD value, as written) of each date in the sentence, in order found."""
    found: list[tuple[int, int, float, str]] = []

    def add(start: int, end: int, year: int | None, month: int, day: int) -> None:
        if not 1 <= day <= 31 or any(s < end and start < e for s, e, _, _ in found):
            return
        value = (year * 10000 if year else 0) + month * 100 + day
        found.append((start, end, float(value), sentence[start:end]))

    for match in ISO_DATE.finditer(sentence):
        year, month, day = (int(group) for group in match.groups())
        if 1 <= month <= 12:
            add(match.start(), match.end(), year, month, day)
    for match in NUMERIC_DATE.finditer(sentence):
        first, second, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
        day, month = (second, first) if lang == "en" and first <= 12 < second else (first, second)
        if 1 <= month <= 12:
            add(match.start(), match.end(), year, month, day)
    for pattern in (DAY_MONTH, MONTH_DAY) if _HAS_DIGIT.search(sentence) else ():
        for match in pattern.finditer(sentence):
            named_month = month_number(match.group("month"), lang)
            if named_month is None or (lang == "en" and match.group("month") == "may"):
                continue  # lowercase "may" is a verb
            start, year_text = match.start(), match.group("year")
            earlier = YEAR_BEFORE.search(sentence[max(0, start - 16) : start])
            if year_text is None and earlier:
                start, year_text = start - len(earlier.group()), earlier.group(1)  # "2020. gada 9."
            known_year = int(year_text) if year_text else None
            add(start, match.end(), known_year, named_month, int(match.group("day")))
    return tuple(found)


find_dates = _dates  # public name for numbers.py, which reuses the date patterns
