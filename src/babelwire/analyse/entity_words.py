"""Word lists of the entity extractor: what is never a name, what joins name words."""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

from babelwire.analyse.names import name_forms, zipf

PAGE_FURNITURE = (
    "Facebook", "Twitter", "Instagram", "YouTube", "TikTok", "Telegram", "LinkedIn", "Pinterest",
    "Reddit", "Tumblr", "WhatsApp", "Snapchat", "Flipboard", "Bluesky", "Mastodon",
    "Messenger", "Viber", "Email", "E-Mail", "Newsletter", "Website", "Webseite", "Podcast",
    "Copyright", "Foto", "Photo", "Fotó", "Фото",  # photo credits: "Foto: NTB Scanpix"
)
# Not entities although capitalised like one: the disease and the currency were the commonest
# keys shared by unrelated stories on the WMT documents.
NOT_ENTITIES = ("Covid", "COVID-19", "Corona", "Coronavirus", "Euro", "Euros", "Euroa")


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


CONNECTORS = word_set(
    "de da del della di do dos das du des van von der den ter ten zu af fon bin ibn al of "
    "фон дер ван де ди дель бен бин ибн аль"  # "Урсула фон дер Ляйен" (ле, ла: "Ле Пен")
)
# Connectors that are articles in a language: Dutch "in Sotsji de Russische president".
NOT_CONNECTORS = {lang: frozenset(("de", "den")) for lang in ("nl", "sv", "da", "nb", "nn")}
HYPHEN_PREFIXES = frozenset(("al", "el", "ad", "as", "ash", "ar", "ben", "bin", "abu"))
CALENDAR_WORDS = word_set(  # capitalised in English and Greek, never names
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday "
    "ιανουαρίου φεβρουαρίου μαρτίου απριλίου μαΐου ιουνίου ιουλίου αυγούστου σεπτεμβρίου "
    "οκτωβρίου νοεμβρίου δεκεμβρίου δευτέρα τρίτη τετάρτη πέμπτη παρασκευή σάββατο κυριακή"
)
GERMAN_ARTICLES = word_set(
    "der die das des dem den ein eine einer eines einem einen im am zum zur beim vom ins ums "
    "aufs ans fürs durchs übers unters vors kein keine keinen keinem keiner keines "
    "dieser diese dieses diesem diesen jeder jede jedes jedem jeden sein seine seinem seinen "
    "seiner ihr ihre ihrem ihren ihrer unser unsere"
)
# A German capitalised word right after a number is a counted noun or a unit ("zwölf Tote",
# "1.200 Megawatt"), as after an article; so is one after an article and inflected adjectives
# ("ein sehr starkes Beben").
GERMAN_NUMBER_WORDS = word_set(
    "zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig vierzig "
    "fünfzig hundert tausend hunderte tausende dutzend dutzende mehrere einige viele wenige"
)
GERMAN_ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")
GERMAN_INTENSIFIERS = word_set("sehr besonders so noch ganz fast etwa rund knapp über")

# Titles written as the last part of a compound before a name: "Regierungschef Eirik Haugland",
# "Gewerkschaftschef Tomasz Wróblewski", "Infrastruktuuriminister Kadri Tamm" (German, Dutch,
# the Nordic languages, Estonian and Finnish write them as one word).
COMPOUND_TITLE_ENDINGS = (
    "chef", "chefin", "minister", "ministerin", "ministeren", "ministeri", "präsident",
    "präsidentin", "president", "presidenten", "presidentti", "kanzler", "kanzlerin",
    "sprecher", "sprecherin", "vorsitzende", "vorsitzender", "leiter", "leiterin", "direktor",
    "direktorin", "direktør", "sekretär", "sekretärin", "kommissar", "kommissarin",
    "bürgermeister", "bürgermeisterin", "botschafter", "botschafterin", "trainer", "trainerin",
    "sjef", "sjefen", "leder", "lederen", "ordfører", "talsperson", "talsmann", "voorzitter",
    "woordvoerder", "burgemeester", "juht", "johtaja", "puheenjohtaja")


def is_compound_title(word: str) -> bool:
    """A capitalised compound ending in a title, with at least three letters before it."""
    lower = word.lower()
    return word[:1].isupper() and any(
        lower.endswith(ending) and len(lower) - len(ending) >= 3
        for ending in COMPOUND_TITLE_ENDINGS)


# --- name words as written ---------------------------------------------------------------------

_ELISION = re.compile(r"^(?:[ldjnsmtc]|qu|dell|all|nell|sull|dall|dall|un)['’](?=[^\W\d_])", re.I)
_HYPHEN = re.compile(r"[-‐‑]")


def clean_word(word: str) -> str:
    """Drop an elided article and lowercase hyphen tails: "l'Ukraine", "Lukasjenko-regimets"."""
    if ("'" in word or "’" in word) and (elision := _ELISION.match(word)):
        word = word[elision.end() :]  # "l'Ukraine" -> "Ukraine", "L'opposante" -> "opposante"
    if "-" not in word and "‐" not in word and "‑" not in word:
        return word
    parts = _HYPHEN.split(word)
    kept = 0
    while kept < len(parts) and (
        parts[kept][:1].isupper() or (kept == 0 and parts[0].lower() in HYPHEN_PREFIXES)
        or (kept > 0 and len(parts[kept]) <= 3)  # Korean names: "Kim Jong-un", "Jong-il"
    ):
        kept += 1
    if kept == len(parts) or not any(part[:1].isupper() for part in parts[:kept]):
        return word
    return word[: sum(len(part) for part in parts[:kept]) + kept - 1]


def is_capitalised(word: str) -> bool:
    if word[:1].isupper():
        return True
    if "-" not in word and "‐" not in word and "‑" not in word:
        return False  # most words: no split needed (asked of every word of every sentence)
    parts = _HYPHEN.split(word)  # "al-Assad"
    return len(parts) > 1 and parts[0].lower() in HYPHEN_PREFIXES and parts[1][:1].isupper()


# English titles and roles written capitalised before a name ("Chancellor Angela Merkel",
# "Coach Smith"): never a given name. English only, where simplemma lists many given names
# ("angela", "grace") as ordinary words, so they would otherwise be cut off as titles.
ENGLISH_TITLES = word_set(
    "president chancellor minister premier senator governor mayor king queen prince princess "
    "sir lord lady dame general colonel major captain lieutenant sergeant admiral commander "
    "officer detective inspector constable sheriff judge justice attorney prosecutor doctor "
    "professor pastor bishop archbishop cardinal pope father sister brother reverend rabbi "
    "imam sheikh sultan emir emperor empress tsar czar chief chairman chairwoman chair "
    "director secretary ambassador spokesman spokeswoman coach manager leader speaker deputy "
    "vice representative congressman congresswoman councillor councilman striker "
    "goalkeeper midfielder defender forward captain star actor actress singer rapper author "
    "founder owner former late dear mr mrs ms miss saint st dr"
)
# Titles and ranks written capitalised right before a name in Latin-script news; never a given
# name there ("Prince Haakon", "President Macron"). Not "General": General Motors.
TITLES_BEFORE_NAMES = word_set(
    "prince princess king queen pope sir lord lady crown emperor empress sheikh president "
    "chancellor minister premier senator governor mayor")
# Where titles and ranks are written in lowercase before a name ("o presidente Marcelo Rebelo
# de Sousa", "le président Macron"), a capitalised dictionary word beside name words is part of
# the name ("Martim Moniz", "Nuno Sequeira") unless it is one of these titles, which some styles
# do capitalise ("Presidente Lula", "Papa Francisco"), or the article writes it in lowercase.
LOWERCASE_TITLE_LANGS = frozenset(("pt", "es", "it", "fr", "ca", "gl"))
ROMANCE_TITLES = word_set(
    # pt
    "presidente presidenta ministro ministra primeiro-ministro primeira-ministra rei rainha papa "
    "príncipe princesa governador governadora prefeito prefeita deputado deputada senador "
    "senadora juiz juíza general secretário secretária comandante padre dom dona senhor senhora "
    "bispo cardeal capitão doutor doutora professor professora "
    # es
    "rey reina infanta infante alcalde alcaldesa gobernador gobernadora diputado diputada juez "
    "jueza secretario secretaria canciller don doña señor señora obispo cardenal capitán doctor "
    "doctora profesor profesora "
    # fr
    "président présidente ministre premier première roi reine pape prince princesse maire préfet "
    "préfète député députée sénateur sénatrice juge général secrétaire monsieur madame "
    "mademoiselle cardinal évêque capitaine docteur professeur chancelier chancelière "
    # it
    "presidentessa re regina principe principessa sindaco sindaca prefetto deputato senatore "
    "senatrice giudice generale segretario segretaria signor signora cardinale vescovo capitano "
    "dottor dottore dottoressa professore professoressa governatore cancelliere "
    # ca
    "president alcaldessa")
# "São José", "Santa Maria", "San Sebastián", "Sankt Gallen": a saint's name names a place, a
# hospital or a church; the prefix is neither a title to cut nor a given name.
SAINT_PREFIXES = word_set("são santa santo san sant santi sainte saint st sankt svatý sveti")
# Nouns that say what kind of place follows, capitalised in German or first in a sentence:
# "Insel Euböa", "Город Лиепая" are the place, not a name of two words.
PLACE_NOUNS = word_set(
    "insel halbinsel stadt hauptstadt großstadt metropole region provinz hafenstadt "
    "city town island île ville isola città wyspa miasto sala pilsēta miestas salą øya øyen "
    "byen город остров столица регион область провинция місто острів")
# German compounds ending in one: "Millionenstadt Izmir", "Ferieninsel Euböa"
_PLACE_NOUN_HEADS = ("stadt", "insel", "region", "provinz", "metropole")


def is_place_noun(word: str) -> bool:
    lower = word.lower()
    return lower in PLACE_NOUNS or (len(lower) > 8 and lower.endswith(_PLACE_NOUN_HEADS))
GIVEN_NAME_MAX_ZIPF = 4.6  # "Will", "Hope", "Fox", "Rose" are too common to be read as given names
GIVEN_NAME_MIN_ELSEWHERE_ZIPF = 2.5  # given names travel: "Angela", "Lutz" are used in fr/it/es/de


def is_english_given_name(word: str, lang: str) -> bool:
    """An English ordinary word right before a lone surname that is a given name: no title,
    not very frequent, and used in other languages too ("Angela", "Lutz", "Grace")."""
    return lang == "en" and word.lower() not in ENGLISH_TITLES and (
        zipf(word, "en") < GIVEN_NAME_MAX_ZIPF
    ) and max(zipf(word, other) for other in ("de", "fr", "it", "es")) >= (
        GIVEN_NAME_MIN_ELSEWHERE_ZIPF
    )


GIVEN_NAME_MIN_ENGLISH_ZIPF = 2.0  # "Mette" (2.3), "Kaja" (2.0) are rarer in English
GIVEN_NAME_MAX_LATIN_ZIPF = 5.5  # "Mark", "Robert" pass; "Will", "Pec" ("Pēc") do not travel
_LETTERS = re.compile(r"[^A-Za-z]+")


@lru_cache(maxsize=100_000)
def reads_as_given_name(word: str, lang: str) -> bool:
    """A word of another language or script that reads, in Latin letters, as a given name used
    in English and in other Western languages: "Дональд", "Урсула", "Donalds", "Emanuels"."""
    if lang == "en":
        return is_english_given_name(word, lang)
    forms = {word, name_forms(word, lang)[1]}
    if lang in ("lv", "lt") and word.endswith("s"):  # Baltic nominatives: "Magnuss", "Jānis"
        forms |= {word[:-1], word[:-2] if word.endswith(("ss", "is", "as", "us")) else word}
    for form in forms:
        latin = _LETTERS.sub("", anyascii(form))
        if latin.lower() in ENGLISH_TITLES or form.lower() in ROMANCE_TITLES:  # "Premier", "Papa"
            continue
        if GIVEN_NAME_MIN_ENGLISH_ZIPF <= zipf(latin, "en") < GIVEN_NAME_MAX_LATIN_ZIPF and max(
                zipf(latin, other) for other in ("de", "fr", "it", "es")) >= (
                GIVEN_NAME_MIN_ELSEWHERE_ZIPF):
            return True
    return False
