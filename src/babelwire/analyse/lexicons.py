"""The one place simplemma's dictionaries are loaded: the same language is read once per process
whether the entity code looks a word up or the claim code lemmatizes it.

The stream-backed factory keeps a few MB per language instead of hundreds (Polish alone is ~450 MB
in simplemma's default factory), and keeps every language it has loaded: simplemma's shared
factory keeps 8, too few for a multilingual stream, and reloading one costs up to 3 s.
"""

from __future__ import annotations

from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy, StreamDictionaryFactory

DICTIONARIES = StreamDictionaryFactory(cache_max_size=128)
LOOKUP = DictionaryLookupStrategy(DICTIONARIES)
LEMMATIZER = Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=DICTIONARIES))
