"""Names in Japanese and Chinese text, which has no letter case and no spaces between words.

Candidates, most reliable first:

* places of the CLDR gazetteer written in the text ("ベラルーシ", "白俄罗斯", "東京");
* Japanese place names in kanji, read with pykakasi (Hepburn) so "Osaka" and "Chiba" meet
  them: before a prefecture or municipality suffix ("千葉県", "大阪府", "十和田市"; the
  mention holds the suffix, the key is the stem's reading, as English "Osaka Prefecture"),
  in the brackets of sports results ("茅原悠紀（岡山＝３３）"), and bare anywhere in an
  article that names them so once ("大阪・ＡＢＣテレビ" after "大阪府", "京都・" after "京都府警");
* Japanese names in kanji before a role or an age in brackets ("茅原悠紀（岡山＝３３）",
  "吉村洋文知事"), read with pykakasi surname first, as English writes them ("Kayahara Yuki"),
  and their surname alone elsewhere in the article ("茅原は"; one kanji only before が, は,
  も or を: "峰が" after "峰竜太", not "峰の雪"); pykakasi misreads many given
  names (正義 "seigi" for Masayoshi), so with SudachiPy installed :mod:`.japanese_names`
  reads them (and finds any family name followed by a given name, role or not);
* Japanese katakana runs, the script of foreign names ("ディミトロフ", "G・ディミトロフ"),
  unless wordfreq knows the run as a common word ("ウイルス", "チーム"): loanwords shared by
  unrelated articles are worse than a missed name;
* Chinese names and places (:mod:`.chinese`): dotted transliterations ("乔·拜登"), keyed by
  the Latin name in brackets after them when the article gives it, and names before 州/省/市.

A name written alone (a search, a name outside its text: :func:`standalone_key`) is read the
same way: kana or lang "ja" in Japanese, else as Chinese pinyin, never Chinese for Japanese
("大阪" is "osak", not "daban").

Katakana is read in Hepburn and the vowels Japanese adds after consonants are dropped
("dimitorofu" -> "dimitrof"), so "ディミトロフ" and "Dimitrov" share a key; l and r, b and v
stay apart (precision first), so "ナダル" does not meet "Nadal" (inside one story it does:
:mod:`.script_linking`). pykakasi (GPL-3.0, data bundled, ~1 s to load) is loaded on the
first Japanese article only.
"""

from __future__ import annotations

import bisect
import gc
import re
from functools import lru_cache
from typing import Any

from anyascii import anyascii

from babelwire.analyse import chinese, gazetteer, japanese_names, kanwa
from babelwire.analyse.keys import ORGANISATION, OTHER, PERSON, PLACE, initial
from babelwire.analyse.names import zipf
from babelwire.analyse.spelling import name_key
from babelwire.models import Mention

CJK_LANGS = frozenset(("ja", "zh", "zh-hans", "zh-hant", "zh-cn", "zh-tw"))
COMMON_KATAKANA_ZIPF = 3.6  # a katakana word this frequent is a loanword ("ステッカー")
_KATAKANA = "ァ-ヺー"
_KATAKANA_RUN = re.compile(
    rf"(?:(?<![A-Za-zＡ-Ｚ])([A-ZＡ-Ｚ])[・.．]\s?)?([{_KATAKANA}]{{2,}}(?:[・=＝][{_KATAKANA}]{{2,}})*)"
)
_KATAKANA_CHAR = re.compile(rf"[{_KATAKANA}]")
_PLACE_AFTER = re.compile(r"州|市|県|共同|時事")  # a dateline: "【ワシントン共同】"
_KATAKANA_WORD = re.compile(rf"[{_KATAKANA}・=＝]+")
_JAPANESE_PLACE = re.compile(r"([一-龯々]{2,4}?)(県|府|都|市|町|村|区)(?![一-龯])")
# A Japanese name in kanji: before a role or honorific, or before an age in brackets
# ("茅原悠紀（岡山＝３３）", "大久保愉一容疑者（４２）", "吉村洋文知事").
_ROLES = "容疑者|被告|さん|氏|知事|市長|首相|大臣|長官|代表|常務|社長|会長|選手|監督|投手|外野手"
_JAPANESE_PERSON = re.compile(
    rf"(?<![一-龯々])([一-龯々]{{2,5}}?)(?:(?:{_ROLES})|(?=[（(][^）)]{{0,6}}?[０-９0-9]{{1,3}}\s*[）)]))"
)
# Sports results give the home prefecture and the age in brackets: "茅原悠紀（岡山＝３３）".
_BRACKETED_PLACE = re.compile(r"(?<=[（(])([一-龯々]{2,4})(?=\s*[＝=]\s*[０-９0-9])")
# A kanji place written once with its suffix ("大阪府") is the same place written bare
# elsewhere in the article ("大阪・ＡＢＣテレビ"), as long as no kanji runs on either side.
_PREFECTURE_OF = re.compile(r"(?<![一-龯々])([一-龯々]{2,3}?)(?:県|府|都)(?=警|庁|知事|議会)")
_BARE_KANJI = "(?<![一-龯々]){}(?![一-龯々])"
_BARE_ONE_KANJI = "(?<![一-龯々]){}(?=[がはもを])"
_DOTS = re.compile(r"[·・‧•=＝]")
# Japanese writes a lone consonant with an added u (o after t and d): "fu", "su", "to".
# Not before the syllabic n (ン): "ワシントン" is "washinton", "to" is no lone t there.
_NEXT_CONSONANT = r"(?=[bcdfghjkmprstvwz]|n[aeiouy]|$)"
_ADDED_VOWEL = re.compile(rf"(?<=[td])o{_NEXT_CONSONANT}|(?<=[bcfghjkmprsvwz])u{_NEXT_CONSONANT}")
_LONG_VOWEL = re.compile(r"(?<=[aeiou])([aeiou])")
_N_BEFORE_LABIAL = re.compile(r"n(?=[pbm])")
_ADMIN_KINDS = {"県": PLACE, "府": PLACE, "都": PLACE, "市": PLACE, "町": PLACE, "村": PLACE,
                "区": PLACE}


def _is_cjk(char: str) -> bool:
    return "\u3040" <= char <= "\u30ff" or "\u4e00" <= char <= "\u9fff"


def has_cjk(text: str) -> bool:
    return any(map(_is_cjk, text))


def latin_prefix(word: str) -> str:
    """The part of a word before its first kana or han character ("ＡＢＣテレビ" -> "ＡＢＣ")."""
    for position, char in enumerate(word):
        if _is_cjk(char):
            return word[:position]
    return word


@lru_cache(maxsize=1)
def _kakasi() -> Any:
    """pykakasi's converter, or a stand-in that reads with anyascii when it is not installed
    (pykakasi is GPL-3.0: a deployment may leave it out and lose only Japanese recall)."""
    try:
        import pykakasi
    except ImportError:
        return _AnyasciiReader()
    # Its kanji dictionary is one pickle of ~1.5 million small objects: read kanji by kanji
    # (:mod:`.kanwa`); where it is still read whole, with the cyclic collector on, unpickling
    # it set off six full collections, half its ~1 s. Nothing it builds is garbage, so the
    # collector waits until it is read.
    collecting = gc.isenabled()
    gc.disable()
    try:
        kanwa.install()
        return pykakasi.kakasi()
    finally:
        if collecting:
            gc.enable()


class _AnyasciiReader:
    def convert(self, text: str) -> list[dict[str, str]]:
        return [{"orig": text, "hepburn": anyascii(text).lower()}]


@lru_cache(maxsize=50_000)
def reading(text: str) -> str:
    """Hepburn reading of Japanese text, long vowels shortened: "東京" -> "tokyo"."""
    romaji = "".join(item["hepburn"] for item in _kakasi().convert(text))
    romaji = romaji.replace("ou", "o").replace("uu", "u")
    return _LONG_VOWEL.sub(lambda m: "" if m.group(1) == m.string[m.start() - 1] else m.group(1),
                           romaji)


def katakana_key(text: str) -> str:
    """Key of a katakana name, the vowels Japanese adds after consonants dropped."""
    romaji = reading(text.replace("ー", ""))
    latin = _N_BEFORE_LABIAL.sub("m", _ADDED_VOWEL.sub("", romaji))
    return name_key(latin, "en")


def mentions(text: str, lang: str, sentences: list[tuple[int, str]]) -> list[Mention]:
    """Name mentions of Japanese or Chinese text (none for other text)."""
    lang = lang.lower()
    if lang not in CJK_LANGS or not has_cjk(text):
        return []
    starts = [start for start, _ in sentences]
    found: list[tuple[int, int, Mention]] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, normal: str, key: str, kind: str) -> None:
        if len(key.replace("_", "").replace(".", "")) < 3 or any(
            start < other_end and other_start < end for other_start, other_end in taken
        ):
            return
        taken.append((start, end))
        sentence = max(0, bisect.bisect_right(starts, start) - 1) if starts else 0
        found.append((start, end, Mention(text[start:end], normal, key, sentence, kind)))

    for start, end, place in gazetteer.scan(text, lang):
        if _KATAKANA_CHAR.match(text[start]) and _inside_katakana(text, start, end):
            continue  # "イラン" inside a longer katakana word
        add(start, end, text[start:end], place.key, PLACE)
    if lang == "ja":
        _japanese_places(text, add)
        _japanese_people(text, add)
        for match in _KATAKANA_RUN.finditer(text):
            _katakana_mention(match, add)
    else:
        chinese.chinese_mentions(text, taken, add)
    found.sort(key=lambda item: item[0])
    return [mention for _, _, mention in found]


def _japanese_places(text: str, add: Any) -> None:
    """Kanji places with their suffix ("大阪府", keyed by the stem's reading "osak"), in the
    brackets of sports results ("（岡山＝３３）"), and bare where the article names them so."""
    stems: set[str] = set()
    for match in _JAPANESE_PLACE.finditer(text):
        stem = match.group(1)
        stems.add(stem)
        add(match.start(1), match.end(2), match.group(), kanji_place_key(stem),
            _ADMIN_KINDS[match.group(2)])
    # "京都府警" (the prefectural police) names no place itself but tells that 京都 is one
    stems.update(match.group(1) for match in _PREFECTURE_OF.finditer(text))
    for match in _BRACKETED_PLACE.finditer(text):
        stems.add(match.group(1))
        add(match.start(1), match.end(1), match.group(1), kanji_place_key(match.group(1)), PLACE)
    for stem in stems:
        for match in re.finditer(_BARE_KANJI.format(re.escape(stem)), text):
            add(match.start(), match.end(), stem, kanji_place_key(stem), PLACE)


def kanji_place_key(stem: str) -> str:
    """Key of a Japanese place name in kanji: its reading ("大阪" -> "osak", as "Osaka")."""
    return name_key(reading(stem), "en")


def standalone_key(name: str, lang: str) -> str:
    """Key of a Japanese or Chinese name written alone (a search, a name outside its text):
    a gazetteer place, else the Japanese reading (kana present or lang "ja"), else pinyin."""
    name = name.strip()
    for where in (lang,) if lang in CJK_LANGS else ("ja", "zh"):  # a search: either language
        place = gazetteer.lookup(name, where)
        if place is not None:
            return place.key
    japanese = lang == "ja" or any("\u3040" <= char <= "\u30ff" for char in name)
    if not japanese:
        parts = [part for part in _DOTS.split(name) if part]
        if len(parts) == 1:  # Chinese names are written in pinyin ("深圳" Shenzhen)
            return name_key(anyascii(name), "en")
        return "_".join(chinese.pinyin_key(part) for part in parts[1:])  # a foreign name: "乔·拜登"
    if _KATAKANA_WORD.fullmatch(name):
        return "_".join(katakana_key(part) for part in _DOTS.split(name) if part)
    suffixed = _JAPANESE_PLACE.fullmatch(name)
    return kanji_place_key(suffixed.group(1) if suffixed else name)


def _japanese_people(text: str, add: Any) -> None:
    """Kanji names read with pykakasi: surname first, as in English "Kayahara Yuki", so the
    key is the surname's initial and the given name ("k.iuk"), like the English one. A surname
    alone ("大久保容疑者") takes the key of the one full name in the article that starts with it."""
    full: dict[str, set[str]] = {}
    found = []
    runs = [(match.start(1), match.end(1), match.group(1))
            for match in _JAPANESE_PERSON.finditer(text)]
    covered = {(start, end) for start, end, _ in runs}
    # with SudachiPy, every family name followed by a given name is a name, role or not
    runs += [run for run in japanese_names.full_names(text) if run[:2] not in covered]
    for start, end, run in runs:
        parts = japanese_names.name_parts(run, reading) or [
            (item["orig"], item["hepburn"]) for item in _kakasi().convert(run) if item["hepburn"]]
        if len(parts) >= 2:
            surname, given = parts[0][0], "".join(romaji for _, romaji in parts[1:])
            key = f"{initial(reading(surname), 'en')}.{name_key(_shorten(given), 'en')}"
            full.setdefault(surname, set()).add(key)
            found.append((start, end, run, key))
        elif parts:
            found.append((start, end, run, ""))
    for start, end, run, key in found:
        if not key and len(full.get(run, ())) == 1:
            key = next(iter(full[run]))
        if key:
            add(start, end, run, key, PERSON)
    for surname, keys in full.items():  # "瓜生は" after "瓜生正義": the surname alone
        if len(keys) != 1:
            continue
        # a one-kanji surname ("峰" of "峰竜太") only before a particle: "峰が", not "峰々"
        bare = _BARE_KANJI if len(surname) >= 2 else _BARE_ONE_KANJI
        for match in re.finditer(bare.format(re.escape(surname)), text):
            add(match.start(), match.end(), surname, next(iter(keys)), PERSON)


def _shorten(romaji: str) -> str:
    return romaji.replace("ou", "o").replace("uu", "u").replace("oo", "o")


def _inside_katakana(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return bool(_KATAKANA_CHAR.match(before) or _KATAKANA_CHAR.match(after))


def _katakana_mention(match: re.Match[str], add: Any) -> None:
    letter, run = match.group(1), match.group(2)
    parts = [part for part in _DOTS.split(run) if part]
    place = bool(_PLACE_AFTER.match(match.string, match.end())) or (
        match.start() > 0 and match.string[match.start() - 1] == "【")
    if place:  # "【ワシントン共同】", "カリフォルニア州": a place, however common the word
        add(match.start(2), match.end(2), run, katakana_key(run), PLACE)
        return
    if not letter and len(parts) == 1 and zipf(run, "ja") >= COMMON_KATAKANA_ZIPF:
        return
    keys = [katakana_key(part) for part in parts]
    if letter:  # "G・ディミトロフ": an initial and a surname
        add(match.start(), match.end(), match.group(), f"{initial(anyascii(letter), 'en')}."
            + "_".join(keys), PERSON)
        return
    kind = ORGANISATION if run.endswith(("ズ", "テレビ", "スポーツ")) else OTHER
    add(match.start(2), match.end(2), run, "_".join(keys), kind)
