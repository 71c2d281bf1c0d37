"""HTTP content decoding that cannot be turned into a decompression bomb.

httpx decodes `Content-Encoding` for us, but each layer inflates a whole received chunk at
once: 1,832 bytes of `gzip, gzip` became 2.2 GB in memory before any size check ran. Here the
raw bytes are inflated layer by layer with zlib's `max_length`, at most `STEP` bytes at a time
per layer, and the decoded size is counted as it grows: past `max_bytes` decoding stops, so
memory stays around `max_bytes` whatever the compression ratio. Supported: `gzip` (`x-gzip`),
`deflate` (zlib-wrapped or raw) and `identity`, in any order, at most `MAX_LAYERS` deep; the
fetcher asks for exactly these (`ACCEPT_ENCODING`), and anything else (`br`, `zstd`) is refused
rather than stored undecoded.
"""

from __future__ import annotations

import zlib

ACCEPT_ENCODING = "gzip, deflate"
MAX_LAYERS = 3
STEP = 64 * 1024  # bytes inflated per call, per layer


class DecodingRefused(Exception):
    """`reason` is 'too-large' (past max_bytes) or 'bad-encoding' (unknown or corrupt)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason, self.detail = reason, detail


class _Layer:
    def __init__(self, coding: str) -> None:
        self.coding = coding
        # gzip: wbits 16+15; deflate: zlib-wrapped (15), raw deflate tried if that fails.
        self.inflater = zlib.decompressobj(31 if coding in ("gzip", "x-gzip") else 15)
        self.started = False

    def inflate(self, data: bytes, limit: int) -> tuple[bytes, bytes]:
        """(output of at most `limit` bytes, input left over for the next call)."""
        try:
            out = self.inflater.decompress(data, limit)
        except zlib.error:
            if self.coding != "deflate" or self.started:
                raise
            self.inflater = zlib.decompressobj(-15)  # a raw deflate stream, as some send
            out = self.inflater.decompress(data, limit)
        self.started = True
        if self.inflater.eof:
            return out, b""  # trailing bytes after the stream are ignored, as browsers do
        return out, self.inflater.unconsumed_tail


class BoundedDecoder:
    """Feed raw body chunks to `feed`, then call `finish`; each returns decoded bytes. Raises
    `DecodingRefused` once the decoded body passes `max_bytes`."""

    def __init__(self, content_encoding: str | None, max_bytes: int) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
        codings = [c for c in codings if c and c != "identity"]
        unknown = [c for c in codings if c not in ("gzip", "x-gzip", "deflate")]
        if unknown:
            raise DecodingRefused("bad-encoding", f"the response is encoded as {unknown[0]!r}, "
                                                  "which babelwire does not decode")
        if len(codings) > MAX_LAYERS:
            raise DecodingRefused("bad-encoding", f"{len(codings)} content encodings; at most "
                                                  f"{MAX_LAYERS} are decoded")
        self.layers = [_Layer(c) for c in reversed(codings)]  # the last applied comes off first
        self.max_bytes = max_bytes
        self.size = 0

    def feed(self, data: bytes) -> bytes:
        out: list[bytes] = []
        self._push(0, data, out)
        return b"".join(out)

    def finish(self) -> bytes:
        out: list[bytes] = []
        for index, layer in enumerate(self.layers):
            if layer.started and not layer.inflater.eof:
                self._push(index + 1, layer.inflater.flush(STEP), out)
        return b"".join(out)

    def _push(self, index: int, data: bytes, out: list[bytes]) -> None:
        if index == len(self.layers):
            self.size += len(data)
            if self.size > self.max_bytes:
                raise DecodingRefused("too-large", f"the response decompresses to more than "
                                                   f"{self.max_bytes:,} bytes; download aborted")
            out.append(data)
            return
        layer = self.layers[index]
        while True:
            try:
                piece, rest = layer.inflate(data, STEP)
            except zlib.error as error:
                raise DecodingRefused("bad-encoding", f"the {layer.coding} body is corrupt "
                                                      f"({error})") from None
            if piece:
                self._push(index + 1, piece, out)
            if not rest and len(piece) < STEP:
                break  # all input used and no output held back
            if not piece and len(rest) >= len(data):
                break  # no progress: the layer waits for more input
            data = rest
