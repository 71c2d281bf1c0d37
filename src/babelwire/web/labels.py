"""Human-readable labels for the templates: language names, times and spans (all UTC)."""

from __future__ import annotations

import re
from datetime import timedelta

from markupsafe import Markup, escape

from babelwire.web.charts import describe_span, parse_time

LANGUAGE_NAMES = {
    "ar": "Arabic", "be": "Belarusian", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech",
    "da": "Danish", "de": "German", "el": "Greek", "en": "English", "es": "Spanish",
    "et": "Estonian", "fa": "Persian", "fi": "Finnish", "fr": "French", "ga": "Irish",
    "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "is": "Icelandic",
    "it": "Italian", "ja": "Japanese", "ka": "Georgian", "kk": "Kazakh", "ko": "Korean",
    "lt": "Lithuanian", "lv": "Latvian", "nb": "Norwegian Bokmål", "nl": "Dutch",
    "nn": "Norwegian Nynorsk", "no": "Norwegian", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian",
    "sr": "Serbian", "sv": "Swedish", "tr": "Turkish", "uk": "Ukrainian", "zh": "Chinese",
}


def language_name(code: str | None) -> str:
    if not code:
        return "unknown language"
    return LANGUAGE_NAMES.get(code, code)


def when(value: str | None, with_time: bool = True) -> str:
    """'2026-03-02T12:20:00+00:00' -> '2 Mar 2026, 12:20 UTC'."""
    moment = parse_time(value)
    if moment is None:
        return "undated"
    day = f"{moment.day} {moment.strftime('%b %Y')}"
    return f"{day}, {moment.strftime('%H:%M')} UTC" if with_time else day


def span(first: str | None, last: str | None) -> str:
    """A story's time span: '2 Mar 2026, 12:20 – 3 Mar, 09:00 UTC (21 hours)'."""
    start, end = parse_time(first), parse_time(last)
    if start is None or end is None:
        return when(first or last)
    if end - start < timedelta(minutes=1):
        return when(first)
    same_day = start.date() == end.date()
    tail = end.strftime("%H:%M")
    if not same_day:
        tail = f"{end.day} {end.strftime('%b')}, {tail}"
    length = describe_span((end - start).total_seconds())
    return f"{when(first).removesuffix(' UTC')} – {tail} UTC ({length})"


def merged_spellings(spellings: dict[str, list[str]]) -> list[tuple[str, list[str]]]:
    """{'lv': ['Kalniņš'], 'lt': ['Kalniņš'], 'ru': ['Калниньш']} ->
    [('Kalniņš', ['lt', 'lv']), ('Калниньш', ['ru'])]: each spelling once, with its languages,
    the most widely used first."""
    merged: dict[str, list[str]] = {}
    for lang, written in spellings.items():
        for spelling in written:
            merged.setdefault(spelling, []).append(lang)
    return sorted(((s, sorted(langs)) for s, langs in merged.items()),
                  key=lambda item: (-len(item[1]), item[0]))


def number(value: float) -> str:
    """1200.0 -> '1,200'; 3400000000.0 -> '3.4 billion'; 0.25 -> '0.25'."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{value / size:,.2f}".rstrip("0").rstrip(".") + f" {word}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def first_language(spellings: dict[str, list[str]], name: str) -> str | None:
    """The language of an entity's display name (for its lang attribute), if one spells it so."""
    for lang, written in spellings.items():
        if name in written:
            return lang
    return None


def code_spans(text: str | None) -> Markup:
    """Escaped text with `backticked` parts as <code>: for descriptions in the API schema."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text or ""))))
