"""Number words, vague quantities and duration units of our languages (data for numbers.py)."""

from __future__ import annotations

import re
from functools import lru_cache


def _words(text: str) -> list[str]:
    return text.split()

# --- vague quantities and number words -----------------------------------------------------------

# (lower, upper): "thousands" is read as 1 000 - 9 999, a reading wide enough to agree with
# any figure a precise outlet gives but never precise enough to claim a disagreement.
_VAGUE = {
    (10_000.0, 99_999.0): "tens of thousands|titusenvis|titusener|titusinder|tiotusentals|"
                          "zehntausende|des dizaines de milliers|decenas de miles|"
                          "decine di migliaia|dezenas de milhares|tienduizenden|"
                          "dziesiątki tysięcy|desítky tisíc|kymmeniätuhansia|"
                          "kümneid tuhandeid|dešimtys tūkstančių|desmitiem tūkstošu|"
                          "десятки тысяч|десятки тисяч",
    (100.0, 999.0): "several hundred|a few hundred|hundreds|hundrevis|hundredvis|hundratals|"
                    "hunderte|des centaines|"
                    "centenares|cientos|centinaia|centenas|honderden|setki|stovky|satoja|"
                    "sadu|šimtai|simtiem|sotni|сотни|сотні",
    (1000.0, 9999.0): "several thousand|a few thousand|thousands|tusenvis|tusener|tusindvis|"
                      "tusinder|tusentals|tausende|"
                      "des milliers|miles|migliaia|milhares|duizenden|tysiące|tisíce|"
                      "tuhansia|tuhandeid|tūkstančiai|tūkstošiem|tūkstošiem cilvēku|tūkstoši|"
                      "тысячи|тисячі",
    (12.0, 99.0): "dozens|dusinvis|dusinvis av|dussintals|dutzende|des dizaines|decenas|"
                  "decine|dezenas|tientallen|dziesiątki|desítky|kymmeniä|kümneid|dešimtys|"
                  "desmitiem|десятки",
}
VAGUE_PATTERN = re.compile(
    r"(?<!\w)(" + "|".join(sorted((w for ws in _VAGUE.values() for w in ws.split("|")),
                                  key=len, reverse=True)) + r")(?!\w)", re.I)
VAGUE_RANGE = {w.lower(): bounds for bounds, ws in _VAGUE.items() for w in ws.split("|")}

# 2-20 and the tens, per language; "one" is left out (it is also an article in most languages).
_NUMBER_WORDS_SPEC = {
    "en": "two three four five six seven eight nine ten eleven twelve thirteen fourteen "
          "fifteen sixteen seventeen eighteen nineteen twenty|thirty forty fifty sixty seventy "
          "eighty ninety hundred",
    "nb": "to tre fire fem seks sju åtte ni ti elleve tolv tretten fjorten femten seksten "
          "sytten atten nitten tjue|tretti førti femti seksti sytti åtti nitti hundre",
    "da": "to tre fire fem seks syv otte ni ti elleve tolv tretten fjorten femten seksten "
          "sytten atten nitten tyve|tredive fyrre halvtreds tres halvfjerds firs halvfems hundrede",
    "sv": "två tre fyra fem sex sju åtta nio tio elva tolv tretton fjorton femton sexton "
          "sjutton arton nitton tjugo|trettio fyrtio femtio sextio sjuttio åttio nittio hundra",
    "de": "zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn "
          "fünfzehn sechzehn siebzehn achtzehn neunzehn zwanzig|dreißig vierzig fünfzig "
          "sechzig siebzig achtzig neunzig hundert",
    "nl": "twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien "
          "zestien zeventien achttien negentien twintig|dertig veertig vijftig zestig zeventig "
          "tachtig negentig honderd",
    "fr": "deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze "
          "seize dix-sept dix-huit dix-neuf vingt|trente quarante cinquante soixante "
          "soixante-dix quatre-vingts quatre-vingt-dix cent",
    "es": "dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
          "dieciséis diecisiete dieciocho diecinueve veinte|treinta cuarenta cincuenta "
          "sesenta setenta ochenta noventa cien",
    "it": "due tre quattro cinque sei sette otto nove dieci undici dodici tredici quattordici "
          "quindici sedici diciassette diciotto diciannove venti|trenta quaranta cinquanta "
          "sessanta settanta ottanta novanta cento",
    "pt": "dois três quatro cinco seis sete oito nove dez onze doze treze catorze quinze "
          "dezesseis dezessete dezoito dezenove vinte|trinta quarenta cinquenta sessenta "
          "setenta oitenta noventa cem",
    "pl": "dwa trzy cztery pięć sześć siedem osiem dziewięć dziesięć jedenaście dwanaście "
          "trzynaście czternaście piętnaście szesnaście siedemnaście osiemnaście "
          "dziewiętnaście dwadzieścia|trzydzieści czterdzieści pięćdziesiąt sześćdziesiąt "
          "siedemdziesiąt osiemdziesiąt dziewięćdziesiąt sto",
    "cs": "dva tři čtyři pět šest sedm osm devět deset jedenáct dvanáct třináct čtrnáct "
          "patnáct šestnáct sedmnáct osmnáct devatenáct dvacet|třicet čtyřicet padesát "
          "šedesát sedmdesát osmdesát devadesát sto",
    "ru": "два три четыре пять шесть семь восемь девять десять одиннадцать двенадцать "
          "тринадцать четырнадцать пятнадцать шестнадцать семнадцать восемнадцать "
          "девятнадцать двадцать|тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят "
          "девяносто сто",
    "uk": "два три чотири п'ять шість сім вісім дев'ять десять одинадцять дванадцять "
          "тринадцять чотирнадцять п'ятнадцять шістнадцять сімнадцять вісімнадцять "
          "дев'ятнадцять двадцять|тридцять сорок п'ятдесят шістдесят сімдесят вісімдесят "
          "дев'яносто сто",
    "fi": "kaksi kolme neljä viisi kuusi seitsemän kahdeksan yhdeksän kymmenen yksitoista "
          "kaksitoista kolmetoista neljätoista viisitoista kuusitoista seitsemäntoista "
          "kahdeksantoista yhdeksäntoista kaksikymmentä|kolmekymmentä neljäkymmentä "
          "viisikymmentä kuusikymmentä seitsemänkymmentä kahdeksankymmentä yhdeksänkymmentä sata",
    "et": "kaks kolm neli viis kuus seitse kaheksa üheksa kümme üksteist kaksteist kolmteist "
          "neliteist viisteist kuusteist seitseteist kaheksateist üheksateist kakskümmend|"
          "kolmkümmend nelikümmend viiskümmend kuuskümmend seitsekümmend kaheksakümmend "
          "üheksakümmend sada",
    "lv": "divi trīs četri pieci seši septiņi astoņi deviņi desmit vienpadsmit divpadsmit "
          "trīspadsmit četrpadsmit piecpadsmit sešpadsmit septiņpadsmit astoņpadsmit "
          "deviņpadsmit divdesmit|trīsdesmit četrdesmit piecdesmit sešdesmit septiņdesmit "
          "astoņdesmit deviņdesmit simts",
    "lt": "du trys keturi penki šeši septyni aštuoni devyni dešimt vienuolika dvylika "
          "trylika keturiolika penkiolika šešiolika septyniolika aštuoniolika devyniolika "
          "dvidešimt|trisdešimt keturiasdešimt penkiasdešimt šešiasdešimt septyniasdešimt "
          "aštuoniasdešimt devyniasdešimt šimtas",
}
# Inflected forms that matter in news ("piecas nedēļas", "двух", "пятерых") share a stem;
# a word names a number when it starts with one of these stems and adds at most 3 letters.
_INFLECTING = frozenset(("lv", "lt", "ru", "uk", "pl", "cs", "fi", "et"))


def _number_words(spec: str) -> dict[str, float]:
    units, tens = spec.split("|")
    table = {word: float(n) for n, word in enumerate(units.split(), start=2)}
    table |= {word: float(n) for n, word in zip(range(30, 101, 10), tens.split(), strict=True)}
    return table


NUMBER_WORDS = {lang: _number_words(spec) for lang, spec in _NUMBER_WORDS_SPEC.items()}
# Collective and inflected numerals that count people: "погибли двое", "zginęło dwóch".
for _lang, _spec in {"ru": "двое:2 трое:3 четверо:4 пятеро:5 шестеро:6 семеро:7",
                     "uk": "двоє:2 троє:3 четверо:4 п'ятеро:5 шестеро:6 семеро:7",
                     "pl": "dwóch:2 dwie:2 dwaj:2 trzech:3 trzej:3 czterech:4 pięciu:5 "
                           "sześciu:6"}.items():
    NUMBER_WORDS[_lang] |= {w: float(n) for w, n in (p.split(":") for p in _words(_spec))}
# "une vingtaine de répliques": about twenty.
ABOUT_NOUNS = {w: float(n) for w, n in (p.split(":") for p in _words(
    "dizaine:10 quinzaine:15 vingtaine:20 trentaine:30 quarantaine:40 cinquantaine:50 "
    "centaine:100 decena:10 veintena:20 treintena:30 centenar:100 decina:10 ventina:20 "
    "trentina:30 quarantina:40 cinquantina:50 centinaio:100 dezena:10 vintena:20 "
    "десяток:10 десятка:10 сотня:100"))}
NUMBER_WORDS["nn"] = NUMBER_WORDS["no"] = NUMBER_WORDS["nb"]
DOZEN = frozenset(_words("dozen dusin dutzend douzaine docena dozzina dúzia tucet tuzin дюжина"))


@lru_cache(maxsize=50_000)
def number_word_value(word: str, lang: str) -> float | None:
    """2-100 for a number word of lang ("piecas" lv -> 5), else None."""
    table = NUMBER_WORDS.get(lang)
    if not table:
        return None
    word = word.lower().replace("’", "'")
    if word in table:
        return table[word]
    if lang in _INFLECTING and len(word) >= 4:
        for stem_word, value in table.items():
            stem = stem_word[:-1] if len(stem_word) > 4 else stem_word
            if word.startswith(stem) and len(word) - len(stem) <= 3 and len(stem) >= 4:
                return value
    return None



DURATION_UNITS = {word: unit for unit, words in {
    "years": "year years år årene året åra års jahre jahren jahr ans années años anni anos "
             "jaar jaren lat lata roku let roky vuotta vuoden aastat aasta metų metus metai "
             "gadi gadus gadiem gadu gadiem лет года год років роки рік",
    "months": "month months måneder månader monate monaten mois meses mesi maanden miesięcy "
              "měsíců kuukautta kuud mėnesius mēnešus mēnešiem месяцев месяца місяців",
    "weeks": "week weeks uker uke veckor wochen semaines semanas settimane weken tygodni "
             "týdnů viikkoa nädalat savaites nedēļas nedēļām недель недели тижнів тижні",
    "days": "day days dager døgn dagar tage tagen jours días giorni dias dagen dni dní päivää "
            "päeva dienas dienu dienų dienas дней дня днів дні",
    "hours": "hour hours timer timmar stunden heures horas ore uur godzin hodin tuntia tundi "
             "valandų stundas stundām часов часа годин",
}.items() for word in words.split()}
