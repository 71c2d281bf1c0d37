"""Word lists of the entity extractor: what is never a name, what joins name words."""

from __future__ import annotations

import re

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
    "de da del della di do dos das du des van von der den ter ten zu af fon bin ibn al of"
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
    "der die das des dem den ein eine einer eines einem einen im am zum zur beim vom ins"
)


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
    parts = _HYPHEN.split(word)  # "al-Assad"
    return len(parts) > 1 and parts[0].lower() in HYPHEN_PREFIXES and parts[1][:1].isupper()
