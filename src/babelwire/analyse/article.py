"""Analyse stage: RawDocument -> Article (language, entities, facts, embedding) or Rejection."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence

from babelwire.analyse.claims import extract_claims
from babelwire.analyse.embed import Encoder, text_to_embed
from babelwire.analyse.entities import extract_mentions
from babelwire.analyse.event import event_signature
from babelwire.analyse.facts import extract_facts
from babelwire.analyse.invisible import strip_invisible
from babelwire.analyse.language import detect_language, normalise_language_code, resolve_language
from babelwire.models import Article, RawDocument, Rejection
from babelwire.settings import Settings

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def content_hash(text: str) -> str:
    """Same words, same hash: case, punctuation and spacing changes do not make a new article."""
    normal = _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()
    return hashlib.blake2b(normal.encode(), digest_size=16).hexdigest()


def analyse_text(document: RawDocument, settings: Settings) -> Article | Rejection:
    """Everything but the embedding, which is done in batches (see `embed_articles`)."""
    text = strip_invisible(document.text).strip()
    title = strip_invisible(document.title).strip()
    if len(text) < settings.min_text_chars:
        return Rejection(document.origin, "too-short",
                         f"{len(text)} characters; at least {settings.min_text_chars} needed")
    guess = detect_language(f"{title}\n{text}", settings.min_language_confidence)
    hint = normalise_language_code(document.lang_hint)
    lang = resolve_language(hint, guess)
    if lang is None:
        return Rejection(document.origin, "unknown-language",
                         f"language could not be identified (confidence {guess.confidence:.2f})")
    confidence = guess.confidence if lang == guess.lang else 1.0
    full_text = f"{title}\n{text}" if title and not text.startswith(title) else text
    mentions = extract_mentions(full_text, lang)
    facts = extract_facts(full_text, lang)
    return Article(
        text=text,
        title=title or text[:80],
        lang=lang,
        lang_confidence=confidence,
        published=document.published,
        published_precision=document.published_precision,
        origin=document.origin,
        content_hash=content_hash(text),
        url=document.url,
        source=document.source,
        external_id=document.external_id,
        mentions=mentions,
        facts=facts,
        claims=extract_claims(full_text, lang),
        event=event_signature(full_text, lang, mentions, facts, document.published,
                              document.published_precision),
    )


def embed_articles(articles: Sequence[Article], encoder: Encoder, settings: Settings) -> None:
    """Fill in `vector` for each article, in batches (the encoder is the costly step)."""
    size = max(1, settings.embed_batch_size)
    for start in range(0, len(articles), size):
        batch = articles[start:start + size]
        texts = [text_to_embed(a.title, a.text, settings.embed_max_chars) for a in batch]
        for article, vector in zip(batch, encoder.encode_passages(texts), strict=True):
            article.vector = vector
