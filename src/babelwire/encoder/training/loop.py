"""The training loop: frozen lower layers run once, the top layers tuned for what the score reads.

The same-story score compares language-centred vectors (each language's mean removed), so the
losses are taken on centred vectors too: an in-batch contrastive loss over articles of one story
(other languages first, hardest other-story article of the same set added as a negative) and
CoSENT over graded pairs (SemEval similarity, Telegram same/other), which only asks that pairs be
ranked as the grades rank them.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from babelwire.encoder.training.data import TrainingSet
from babelwire.encoder.training.model import SplitE5, last_feed_forward_inputs

PAD = 1


@dataclass
class LoopConfig:
    epochs: int = 3
    learning_rate: float = 2e-5
    story_batch: int = 24
    graded_batch: int = 24
    temperature: float = 0.05
    cosent_scale: float = 20.0
    pairs_per_story: int = 3
    seed: int = 0
    keep: str = "best"  # or "last"


class CachedLower:
    """Each text's hidden states after the frozen layers, kept in float16."""

    def __init__(self, model: SplitE5, token_ids: Sequence[list[int]], batch: int = 32,
                 progress: Callable[[int, int], None] | None = None) -> None:
        self.states: list[torch.Tensor] = [torch.empty(0)] * len(token_ids)
        order = sorted(range(len(token_ids)), key=lambda i: len(token_ids[i]))
        for start in range(0, len(order), batch):
            chosen = order[start:start + batch]
            ids, mask = pad_ids([token_ids[i] for i in chosen])
            hidden = model.lower(ids, mask)
            for row, index in enumerate(chosen):
                self.states[index] = hidden[row, :len(token_ids[index])].to(torch.float16)
            if progress:
                progress(min(start + batch, len(order)), len(order))

    def batch(self, indices: Sequence[int]) -> tuple[torch.Tensor, torch.Tensor]:
        chosen = [self.states[i] for i in indices]
        length = max(s.shape[0] for s in chosen)
        x = torch.zeros(len(chosen), length, chosen[0].shape[1])
        mask = torch.zeros(len(chosen), length, dtype=torch.long)
        for row, state in enumerate(chosen):
            x[row, :state.shape[0]] = state.float()
            mask[row, :state.shape[0]] = 1
        return x, mask


def pad_ids(id_lists: Sequence[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    length = max(len(x) for x in id_lists)
    ids = torch.full((len(id_lists), length), PAD, dtype=torch.long)
    mask = torch.zeros((len(id_lists), length), dtype=torch.long)
    for row, x in enumerate(id_lists):
        ids[row, :len(x)] = torch.tensor(x)
        mask[row, :len(x)] = 1
    return ids, mask


class HeadInputs:
    """Per text, the inputs of the last feed-forward output: the attention block's output and
    the inner activations (float16), from the cached frozen states."""

    def __init__(self, model: SplitE5, lower: CachedLower, batch: int = 32) -> None:
        self.attended: list[torch.Tensor] = [torch.empty(0)] * len(lower.states)
        self.inner: list[torch.Tensor] = [torch.empty(0)] * len(lower.states)
        order = sorted(range(len(lower.states)), key=lambda i: lower.states[i].shape[0])
        for start in range(0, len(order), batch):
            chosen = order[start:start + batch]
            x, mask = lower.batch(chosen)
            attended, inner = last_feed_forward_inputs(model, x, mask)
            for row, index in enumerate(chosen):
                length = lower.states[index].shape[0]
                self.attended[index] = attended[row, :length].to(torch.float16)
                self.inner[index] = inner[row, :length].to(torch.float16)

    def __len__(self) -> int:
        return len(self.attended)

    def batch(self, indices: Sequence[int]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        length = max(self.attended[i].shape[0] for i in indices)
        attended = torch.zeros(len(indices), length, self.attended[indices[0]].shape[1])
        inner = torch.zeros(len(indices), length, self.inner[indices[0]].shape[1])
        mask = torch.zeros(len(indices), length, dtype=torch.long)
        for row, index in enumerate(indices):
            size = self.attended[index].shape[0]
            attended[row, :size] = self.attended[index].float()
            inner[row, :size] = self.inner[index].float()
            mask[row, :size] = 1
        return attended, inner, mask


@torch.no_grad()
def embed_all(embed: Callable[[Sequence[int]], torch.Tensor], count: int, lengths: Sequence[int],
              batch: int = 64) -> np.ndarray:
    order = sorted(range(count), key=lambda i: lengths[i])
    rows = [embed(order[start:start + batch]).numpy() for start in range(0, count, batch)]
    out = np.zeros((count, rows[0].shape[1]), dtype=np.float32)
    out[order] = np.concatenate(rows)
    return out


def language_means(vectors: np.ndarray, langs: Sequence[str]) -> dict[str, np.ndarray]:
    means: dict[str, np.ndarray] = {}
    for lang in set(langs):
        rows = [i for i, code in enumerate(langs) if code == lang]
        means[lang] = vectors[rows].mean(axis=0)
    return means


def centred(vectors: np.ndarray, langs: Sequence[str], means: dict[str, np.ndarray]) -> np.ndarray:
    shifted = vectors - np.stack([means[code] for code in langs])
    return shifted / np.maximum(np.linalg.norm(shifted, axis=1, keepdims=True), 1e-9)


def hardest_negatives(material: TrainingSet, vectors: np.ndarray) -> dict[int, int]:
    """For each text of a story: the most similar text of another story in the same set."""
    sets: dict[str, list[int]] = {}
    for index, story in enumerate(material.story_of):
        sets.setdefault(story.split(":")[0], []).append(index)
    hardest: dict[int, int] = {}
    for members in sets.values():
        block = vectors[members]
        similarity = block @ block.T
        labels = np.array([material.story_of[i] for i in members])
        similarity[labels[:, None] == labels[None, :]] = -2.0
        for row, index in enumerate(members):
            hardest[index] = members[int(similarity[row].argmax())]
    return hardest


def story_pairs(material: TrainingSet, per_story: int, rng: random.Random) -> list[tuple[int, int]]:
    pairs = []
    for members in material.positive_stories():
        candidates = [(a, b) for a in members for b in members if a < b]
        cross = [p for p in candidates if material.langs[p[0]] != material.langs[p[1]]]
        same = [p for p in candidates if p not in cross]
        rng.shuffle(cross)
        rng.shuffle(same)
        pairs.extend((cross + same)[:per_story])
    rng.shuffle(pairs)
    return pairs


def contrastive_loss(anchors: torch.Tensor, others: torch.Tensor, stories: list[str],
                     other_stories: list[str], temperature: float) -> torch.Tensor:
    """Row i's positive is column i; columns of the row's own story (other than i) are masked."""
    logits = anchors @ others.T / temperature
    same = torch.tensor([[a == b for b in other_stories] for a in stories])
    same.fill_diagonal_(False)
    logits = logits.masked_fill(same, -1e4)
    return F.cross_entropy(logits, torch.arange(len(anchors)))


def cosent_loss(cosines: torch.Tensor, grades: torch.Tensor, scale: float) -> torch.Tensor:
    """log(1 + sum over pairs (i, j) graded i < j of exp(scale * (cos_i - cos_j)))."""
    differences = scale * (cosines[:, None] - cosines[None, :])
    lower_graded = grades[:, None] < grades[None, :]
    differences = differences.masked_fill(~lower_graded, -1e4)
    return torch.logsumexp(torch.cat([torch.zeros(1), differences.flatten()]), dim=0)


def pearson(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a, b)[0, 1])


def validation_pearson(material: TrainingSet, vectors: np.ndarray) -> dict[str, float]:
    means = language_means(vectors, material.langs)
    neutral = centred(vectors, material.langs, means)
    first = [i for i, _, _ in material.validation]
    second = [j for _, j, _ in material.validation]
    grades = np.array([g for _, _, g in material.validation])
    return {"raw": pearson((vectors[first] * vectors[second]).sum(1), grades),
            "centred": pearson((neutral[first] * neutral[second]).sum(1), grades)}
