"""Names in Japanese and Chinese text, which has no letter case and no spaces between words.

Candidates, most reliable first:

* places of the CLDR gazetteer written in the text ("ベラルーシ", "白俄罗斯", "東京");
* Japanese place names before a prefecture or municipality suffix ("千葉県", "十和田市"), read
  with pykakasi (Hepburn) so "Chiba" and "Towada" meet them;
* Japanese names in kanji before a role or an age in brackets ("茅原悠紀（岡山＝３３）",
  "吉村洋文知事"), read with pykakasi surname first, as English writes them ("Kayahara Yuki");
  pykakasi misreads many given names (正義 "seigi" for Masayoshi), which only costs recall;
* Japanese katakana runs, the script of foreign names ("ディミトロフ", "G・ディミトロフ"),
  unless wordfreq knows the run as a common word ("ウイルス", "チーム"): loanwords shared by
  unrelated articles are worse than a missed name;
* Chinese transliterated names joined by a middle dot ("乔·拜登").

Katakana is read in Hepburn and the vowels Japanese adds after consonants are dropped
("dimitorofu" -> "dimitrof"), so "ディミトロフ" and "Dimitrov" share a key; l and r, b and v
stay apart (precision first), so "ナダル" does not meet "Nadal". pykakasi (GPL-3.0, data
bundled, ~1 s to load) is loaded on the first Japanese article only.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Any

from anyascii import anyascii

from babelwire.analyse import gazetteer
from babelwire.analyse.entity_words import CONNECTORS
from babelwire.analyse.keys import ORGANISATION, OTHER, PERSON, PLACE, initial, span_key
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
_DOTTED_HAN = re.compile(r"[一-龯]+(?:[·・‧•][一-龯]+)+")
_CHINESE_PLACE = re.compile(r"([一-龯]{2,6}?)(州|省|市)(?![一-龯]{0,1}[市州省])")
_LATIN_GLOSS = re.compile(r"\s*[（(]\s*([A-Za-z][A-Za-z .'’-]{1,60}?)\s*[）)]")
_GLOSS_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
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
    return pykakasi.kakasi()


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
        _chinese_names(text, taken, add)
        for match in _CHINESE_PLACE.finditer(text):
            # "亚利桑那州", "武汉市": the name before a state, province or city suffix, after
            # the last ordinary word ("在武汉市" is "in Wuhan")
            stem = _after_last_word(match.group(1))
            while stem and any(begin < match.end(1) and match.end(1) - len(stem) < end
                               for begin, end in taken):
                stem = stem[1:]  # "澳大利亚昆士兰州": Australia is a place of its own
            if len(stem) >= 2:
                add(match.end(1) - len(stem), match.end(2), stem + match.group(2),
                    name_key(anyascii(stem), "en"), PLACE)
    found.sort(key=lambda item: item[0])
    return [mention for _, _, mention in found]


def _chinese_names(text: str, taken: list[tuple[int, int]], add: Any) -> None:
    """Dotted transliterated names ("乔·拜登"), keyed by the Latin name the article writes in
    brackets right after ("乔·拜登 (Joe Biden)") or else by the parts after the first dot, and
    their parts of two characters or more written alone elsewhere in the article ("拜登说")."""
    chains = [(start, parts, _LATIN_GLOSS.match(text, start + len("·".join(parts))))
              for start, parts in _dotted_chains(text)]
    # a glossed name ends at its bracket: its last part tells where unglossed ones end
    glossed = {parts[-1]: gloss_key(gloss.group(1)) for _, parts, gloss in chains if gloss}
    surnames: dict[str, str] = {}
    for chain_start, (first, *rest), gloss in chains:
        # Chinese writes titles right before the name ("美国总统乔·拜登") and runs on after
        # it ("拜登哀叹未能"): frequent words come off both ends
        kept_first = _after_last_word(first)[-5:]
        start = chain_start + len(first) - len(kept_first)
        while any(start < end and begin < chain_start + len(first) for begin, end in taken):
            start += 1
        if start >= chain_start + len(first):
            continue
        if not gloss:
            known = next((name for name in glossed if rest[-1].startswith(name)), None)
            rest[-1] = known or _trim_words(rest[-1], from_start=False)[:MAX_PART]
        end = chain_start + len("·".join((first, *rest)))
        key = (gloss_key(gloss.group(1)) if gloss else glossed.get(rest[-1], "")) or "_".join(
            pinyin_key(part) for part in rest)
        add(start, end, text[start:end], key, PERSON)
        for part in {kept_first, rest[-1]}:  # "温迪" or "罗杰斯" alone: the same person
            if len(part) >= 2:
                surnames.setdefault(part, key)
    for part, key in surnames.items():
        for found in re.finditer(re.escape(part), text):
            add(found.start(), found.end(), part, key, PERSON)


MAX_PART = 6  # characters of one part of a transliterated name ("米什乌斯廷" has five)


def _dotted_chains(text: str) -> list[tuple[int, list[str]]]:
    """(start, parts) of each dotted run, split where a middle part is too long to be one
    name part ("温迪·罗杰斯周日称呼新西兰总理杰辛达·阿德恩" holds two names)."""
    chains = []
    for match in _DOTTED_HAN.finditer(text):
        parts = _DOTS.split(match.group())
        start, current = match.start(), [parts[0]]
        for position, part in enumerate(parts[1:], 1):
            current.append(part)
            if position < len(parts) - 1 and len(part) > MAX_PART:
                chains.append((start, current))
                start += len("·".join(current)) - len(part)
                current = [part]
        chains.append((start, current))
    return [(start, parts) for start, parts in chains if len(parts) >= 2]


COMMON_CHINESE_WORD_ZIPF = 2.8  # "总统", "哀叹", "未能": no part of a transliterated name
# Titles before a name are very frequent ("总理" 5.1, "参议员" 4.3); pieces of transliterations
# that the word list knows stay below ("米尔" 4.0, "伊尔" 3.7)
TITLE_ZIPF = 4.2
FUNCTION_CHARACTER_ZIPF = 6.0  # "的", "他", "说"; 斯, 尔, 马 of transliterations stay below


def _after_last_word(part: str) -> str:
    """What follows the last frequent word of the part: the given name after the titles."""
    for cut in range(len(part) - 1, 0, -1):
        for size in (3, 2, 1):
            word = part[max(0, cut - size):cut]
            floor = FUNCTION_CHARACTER_ZIPF if size == 1 else TITLE_ZIPF
            if len(word) == size and zipf(word, "zh") >= floor:
                return part[cut:]
    return part


def _trim_words(part: str, from_start: bool, keep: int = 2) -> str:
    """The part less the frequent words at one end, keeping at least `keep` characters."""
    trimmed = True
    while trimmed:
        trimmed = False
        for size in (3, 2, 1):
            word = part[:size] if from_start else part[-size:]
            floor = FUNCTION_CHARACTER_ZIPF if size == 1 else COMMON_CHINESE_WORD_ZIPF
            if len(part) - size >= keep and zipf(word, "zh") >= floor:
                part = part[size:] if from_start else part[:-size]
                trimmed = True
                break
    return part


_PINYIN = {"x": "s", "q": "ch", "zh": "j", "c": "ts"}
_PINYIN_LETTERS = re.compile("zh|[xqc]")


def pinyin_key(han: str) -> str:
    """Key of a Chinese transliteration by its pinyin, pinyin's letters read as English
    spells the sounds ("逊" xun -> "sun", "乔" qiao -> "chiao"), so the consonants meet the
    Latin name's (:mod:`.script_linking`)."""
    latin = _PINYIN_LETTERS.sub(lambda m: _PINYIN[m.group()], anyascii(han).lower())
    return name_key(latin, "en")


def gloss_key(gloss: str) -> str:
    """Key of a Latin name written in brackets after a CJK one, "" unless it looks like a
    name (capitalised words only: "Joe Biden", not "the president")."""
    words = [word for word in _GLOSS_WORD.findall(gloss) if word not in CONNECTORS]
    if not words or not all(word[:1].isupper() for word in words):
        return ""
    return span_key(words, "en")[0]


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
    place = gazetteer.lookup(name, lang if lang in CJK_LANGS else "ja")
    if place is not None:
        return place.key
    japanese = lang == "ja" or any("\u3040" <= char <= "\u30ff" for char in name)
    if not japanese:
        parts = [part for part in _DOTS.split(name) if part]
        if len(parts) == 1:  # Chinese names are written in pinyin ("深圳" Shenzhen)
            return name_key(anyascii(name), "en")
        return "_".join(pinyin_key(part) for part in parts[1:])  # a foreign name: "乔·拜登"
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
    for match in _JAPANESE_PERSON.finditer(text):
        run = match.group(1)
        parts = [item for item in _kakasi().convert(run) if item["hepburn"]]
        if len(parts) >= 2:
            surname, given = parts[0]["orig"], "".join(p["hepburn"] for p in parts[1:])
            key = f"{initial(reading(surname), 'en')}.{name_key(_shorten(given), 'en')}"
            full.setdefault(surname, set()).add(key)
            found.append((match.start(1), match.end(1), run, key))
        elif parts:
            found.append((match.start(1), match.end(1), run, ""))
    for start, end, run, key in found:
        if not key and len(full.get(run, ())) == 1:
            key = next(iter(full[run]))
        if key:
            add(start, end, run, key, PERSON)
    for surname, keys in full.items():  # "瓜生は" after "瓜生正義": the surname alone
        if len(surname) >= 2 and len(keys) == 1:
            for match in re.finditer(_BARE_KANJI.format(re.escape(surname)), text):
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
    if not letter and len(parts) == 1 and zipf(run, "ja") >= COMMON_KATAKANA_ZIPF:
        return
    keys = [katakana_key(part) for part in parts]
    if letter:  # "G・ディミトロフ": an initial and a surname
        add(match.start(), match.end(), match.group(), f"{initial(anyascii(letter), 'en')}."
            + "_".join(keys), PERSON)
        return
    kind = ORGANISATION if run.endswith(("ズ", "テレビ", "スポーツ")) else OTHER
    add(match.start(2), match.end(2), run, "_".join(keys), kind)
