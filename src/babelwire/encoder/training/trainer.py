"""Epochs of tuning; the epoch with the best validation Pearson (centred) is the one kept."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import torch

from babelwire.encoder.training.data import TrainingSet
from babelwire.encoder.training.loop import (
    HeadInputs,
    LoopConfig,
    centred,
    contrastive_loss,
    cosent_loss,
    embed_all,
    hardest_negatives,
    language_means,
    story_pairs,
    validation_pearson,
)
from babelwire.encoder.training.model import LastFeedForward


def train(head: LastFeedForward, inputs: HeadInputs, material: TrainingSet, config: LoopConfig,
          log: Callable[[str], None]) -> TrainingOutcome:
    rng = random.Random(config.seed)
    torch.manual_seed(config.seed)
    trainable = [p for p in head.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(trainable, lr=config.learning_rate, weight_decay=0.01)

    def embed(indices: Sequence[int]) -> torch.Tensor:
        return head(*inputs.batch(indices))

    lengths = [t.shape[0] for t in inputs.attended]
    vectors = embed_all(embed, len(inputs), lengths)
    history = [{"epoch": 0, **validation_pearson(material, vectors)}]
    log(f"before tuning: validation Pearson {history[0]}")
    best_score, best_state = history[0]["centred"], _snapshot(head)
    for epoch in range(1, config.epochs + 1):
        means = language_means(vectors, material.langs)
        hardest = hardest_negatives(material, centred(vectors, material.langs, means))
        mean_rows = {lang: torch.from_numpy(m) for lang, m in means.items()}
        pairs = story_pairs(material, config.pairs_per_story, rng)
        graded = list(material.graded)
        rng.shuffle(graded)
        steps = max(1, len(pairs) // config.story_batch)
        for step in range(steps):
            chunk = pairs[step * config.story_batch:(step + 1) * config.story_batch]
            grade_chunk = graded[(step * config.graded_batch) % len(graded):][:config.graded_batch]
            loss = _step_loss(embed, material, chunk, grade_chunk, hardest, mean_rows, config)
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimiser.step()
            if step % 10 == 0:
                log(f"epoch {epoch} step {step + 1}/{steps} loss {loss.item():.4f}")
        vectors = embed_all(embed, len(inputs), lengths)
        history.append({"epoch": epoch, **validation_pearson(material, vectors)})
        log(f"epoch {epoch}: validation Pearson {history[-1]}")
        if history[-1]["centred"] > best_score or config.keep == "last":
            best_score, best_state = history[-1]["centred"], _snapshot(head)
    head.load_state_dict(best_state)
    return TrainingOutcome(history, best_score)


@dataclass
class TrainingOutcome:
    history: list[dict[str, float]]  # validation Pearson (raw, centred) after each epoch
    best_validation_centred: float


def _step_loss(embed: Callable[[Sequence[int]], torch.Tensor], material: TrainingSet,
               chunk: list[tuple[int, int]], grade_chunk: list[tuple[int, int, float]],
               hardest: dict[int, int], means: dict[str, torch.Tensor],
               config: LoopConfig) -> torch.Tensor:
    anchors = [a for a, _ in chunk]
    columns = [b for _, b in chunk] + [hardest[a] for a in anchors]
    graded_texts = [i for i, _, _ in grade_chunk] + [j for _, j, _ in grade_chunk]
    needed = sorted(set(anchors + columns + graded_texts))
    position = {index: row for row, index in enumerate(needed)}
    raw = embed(needed)
    shifted = raw - torch.stack([means[material.langs[i]] for i in needed])
    neutral = torch.nn.functional.normalize(shifted, dim=-1)
    stories = material.story_of
    loss = contrastive_loss(neutral[[position[i] for i in anchors]],
                            neutral[[position[i] for i in columns]],
                            [stories[i] for i in anchors], [stories[i] for i in columns],
                            config.temperature)
    if grade_chunk:
        first = neutral[[position[i] for i, _, _ in grade_chunk]]
        second = neutral[[position[j] for _, j, _ in grade_chunk]]
        grades = torch.tensor([g for _, _, g in grade_chunk])
        loss = loss + cosent_loss((first * second).sum(-1), grades, config.cosent_scale)
    return loss


def _snapshot(head: torch.nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in head.state_dict().items()}
