"""The one place that assembles a pipeline from settings: the CLI (`ingest`, `watch`,
`demo`), the web app (POST /api/articles) and the evaluation runner all come here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from babelwire.analyse.embed import Encoder
from babelwire.pipeline import Pipeline
from babelwire.settings import Settings
from babelwire.store.base import Store, open_store


def default_encoder_factory() -> Callable[[], Encoder]:
    from babelwire.encoder.choice import default_encoder_factory as fitted

    return fitted()


def build_pipeline(store: Store, settings: Settings | None = None,
                   encoder: Encoder | None = None,
                   encoder_factory: Callable[[], Encoder] | None = None) -> Pipeline:
    """A pipeline writing to `store`: the bundled multilingual encoder unless one is given."""
    factory = encoder_factory or (type(encoder) if encoder is not None
                                  else default_encoder_factory())
    return Pipeline(store, encoder if encoder is not None else factory(), settings or Settings(),
                    encoder_factory=factory)


@contextmanager
def open_pipeline(location: str | Path, settings: Settings | None = None,
                  encoder: Encoder | None = None) -> Iterator[Pipeline]:
    """A pipeline over the store at `location` (file path or postgresql:// URL), closed after."""
    with open_store(location) as store:
        yield build_pipeline(store, settings, encoder)
