"""Tuning the encoder's top layers for same-story similarity (needs `babelwire[train]`: torch).

`python -m babelwire.encoder.training` rebuilds the shipped layers from the development splits.
"""
