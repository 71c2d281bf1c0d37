"""Month names in the languages news are written in: "augustā" (lv) and "сентября" (ru) name a
month by their beginning; English needs whole words. Used for dates in facts and in leads."""

from __future__ import annotations

from functools import lru_cache

from babelwire.analyse.names import strip_accents

# Month names: 12 entries per language, alternatives joined by "|"; a word names a month when
# it starts with one of them (inflected: "augustā", "сентября"). English needs whole words.
_MONTH_TABLE = {
    "en": "january|jan february|feb march|mar april|apr may june|jun july|jul august|aug "
          "september|sept|sep october|oct november|nov december|dec",
    "de": "januar|jänner februar märz april mai juni juli august september oktober november "
          "dezember",
    "nb": "januar februar mars april mai juni juli august september oktober november desember",
    "da": "januar februar marts april maj juni juli august september oktober november december",
    "sv": "januari februari mars april maj juni juli augusti september oktober november december",
    "nl": "januari februari maart april mei juni juli augustus september oktober november "
          "december",
    "fr": "janvier février|fevrier mars avril mai juin juillet août|aout septembre octobre "
          "novembre décembre|decembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre|setiembre octubre "
          "noviembre diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
          "dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
          "dezembro",
    "ro": "ianuarie februarie martie aprilie mai iunie iulie august septembrie octombrie "
          "noiembrie decembrie",
    "lv": "janvār februār mart aprīl maij jūnij jūlij august septembr oktobr novembr decembr",
    "lt": "saus vasar kov baland gegu biržel liep rugpj rugs spal lapkri gruod",
    "et": "jaanuar veebruar märts aprill mai juuni juuli august september oktoober november "
          "detsember",
    "fi": "tammikuu helmikuu maaliskuu huhtikuu toukokuu kesäkuu heinäkuu elokuu syyskuu lokakuu "
          "marraskuu joulukuu",
    "ru": "январ феврал март апрел мая|май июн июл август сентябр октябр ноябр декабр",
    "uk": "січ лют берез квіт трав черв лип серп верес жовт листопад груд",
    "be": "студз лют сакав красав трав чэрв ліп жнів верас кастрыч лістапад снеж",
    "bg": "януари февруари март април май юни юли август септември октомври ноември декември",
    "pl": "stycz lut marzec|marca kwie maj czerw lip sierp wrze październik|paździer listopad grud",
    "cs": "leden|ledna únor|února březen|března duben|dubna květen|května červen|června "
          "červenec|července srpen|srpna září říjen|října listopad prosinec|prosince",
    "sk": "január február marec|marca apríl máj jún júl august september október november "
          "december",
    "hr": "siječ velj ožuj trav svib lip srp kolovoz ruj listopad studen prosin",
    "sl": "januar februar marec april maj junij julij avgust september oktober november december",
    "sr": "januar februar mart april maj jun jul avgust septemb oktob novemb decemb",
    "hu": "január február március április május június július augusztus szeptember október "
          "november december",
    "tr": "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık",
    "el": "ιανουαρ φεβρουαρ μαρτ απριλ μαι ιουν ιουλ αυγουστ σεπτεμβρ οκτωβρ νοεμβρ δεκεμβρ",
    "is": "janúar febrúar mars apríl maí júní júlí ágúst september október nóvember desember",
}
_MONTH_ALIASES = {"nn": "nb", "no": "nb", "bs": "sr", "lb": "de"}
_DEFAULT_MONTH_LANGS = ("en", "de", "fr", "es", "it", "pt", "nl", "sv", "ro")


def _month_stems(langs: tuple[str, ...]) -> list[tuple[str, int]]:
    stems = {
        stem: number
        for lang in langs
        for number, names in enumerate(_MONTH_TABLE[lang].split(), start=1)
        for stem in names.split("|")
    }
    return sorted(stems.items(), key=lambda item: -len(item[0]))


_MONTH_STEMS = {lang: _month_stems((lang,)) for lang in _MONTH_TABLE}
_DEFAULT_MONTH_STEMS = _month_stems(_DEFAULT_MONTH_LANGS)


@lru_cache(maxsize=50_000)
def month_number(word: str, lang: str) -> int | None:
    """1-12 when word names a month in lang ("augustā" lv -> 8), else None."""
    word = strip_accents(word.lower().rstrip(".")) if lang == "el" else word.lower().rstrip(".")
    lang = _MONTH_ALIASES.get(lang, lang)
    stems = _MONTH_STEMS.get(lang, _DEFAULT_MONTH_STEMS)
    for stem, number in stems:
        if lang == "en":
            if word == stem:
                return number
        elif word.startswith(stem) and len(word) - len(stem) <= (6 if len(stem) > 4 else 3):
            return number
    return None


def month_in_any_language(word: str) -> int | None:
    """1-12 when word names a month in English or any listed language ("сентября" -> 9)."""
    for lang in ("en", *_MONTH_TABLE):
        number = month_number(word, lang)
        if number is not None:
            return number
    return None
