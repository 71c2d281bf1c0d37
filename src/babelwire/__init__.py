"""babelwire: cross-lingual news stories from a stream of multilingual articles."""

__version__ = "0.1.0"
