"""Word lists of the entity extractor: what is never a name, what joins name words."""

from __future__ import annotations

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
