"""Plain-text rendering of reports, stories and entities for people at a terminal."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:  # only for annotations: the CLI's help must not import the read models
    from babelwire.read.compare import ComparisonRow
    from babelwire.read.views import EntitySummary, StoryDetail, StorySummary


def plural(count: int, word: str, many: str | None = None) -> str:
    """"1 source", "2 sources", "1 new story", "3 new stories"."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {many or (word[:-1] + 'ies' if word.endswith('y') else word + 's')}"


def shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def time_span(first: str | None, last: str | None, precision: str | None = None) -> str:
    """'2026-03-02 12:20 – 15:05', '2026-03-02 – 2026-03-03'; with a partial `precision`
    only what is known: '2020-09', '2020-09 – 2020-10'."""
    if not first:
        return "undated"
    if precision is not None:
        return " – ".join(dict.fromkeys(partial_date(m, precision) for m in (first, last or first)))
    start, end = first[:16].replace("T", " "), (last or first)[:16].replace("T", " ")
    if start == end:
        return start
    if start[:10] == end[:10]:
        return f"{start} – {end[11:]}"
    return f"{start[:10]} – {end[:10]}"


def partial_date(moment: str | None, precision: str | None) -> str:
    """'2020-09-01T00:00:00+00:00' as '2020-09' when only the month is known ('2020' for a
    year, '2020-09-14' for a day); an exact time as '2020-09-14 10:00'."""
    if not moment:
        return "undated"
    digits = {"year": 4, "month": 7, "day": 10}.get(precision or "", 16)
    return moment[:digits].replace("T", " ")


def print_report(report: Any) -> None:
    click.echo(f"Ingested {report.ingested}, duplicates {report.duplicates}, "
               f"rejected {report.rejected}; {plural(report.new_stories, 'new story')}.")
    reasons = Counter(r.reason for r in report.rejections)
    if reasons:
        click.echo("Rejected: " + ", ".join(f"{n} {reason}" for reason, n in reasons.most_common()))
        for rejection in report.rejections[:20]:
            click.echo(f"  {rejection}", err=True)
        if len(report.rejections) > 20:
            click.echo(f"  … and {len(report.rejections) - 20} more (see the rejections table)",
                       err=True)


def print_stories(stories: list[StorySummary]) -> None:
    if not stories:
        click.echo("No stories yet.")
        return
    click.echo(f"{'id':>5}  {'articles':>8}  {'sources':>7}  {'languages':<24}  "
               f"{'time span':<23}  title")
    for s in stories:
        languages = " ".join(f"{lang}:{n}" if n > 1 else lang for lang, n in s.languages.items())
        click.echo(f"{s.id:>5}  {s.article_count:>8}  {len(s.sources):>7}  "
                   f"{shorten(languages, 24):<24}  "
                   f"{time_span(s.first_published, s.last_published, s.published_precision):<23}"
                   f"  {shorten(s.title, 70)}")


def print_story(detail: StoryDetail) -> None:
    s = detail.story
    click.secho(f"Story {s.id}: {s.title}", bold=True)
    precisions = {a.published_precision for group in detail.articles_by_language.values()
                  for a in group if a.published}
    shared = precisions.pop() if len(precisions) == 1 else None
    span = time_span(s.first_published, s.last_published) if shared is None else " – ".join(
        dict.fromkeys(partial_date(m, shared) for m in (s.first_published, s.last_published)))
    click.echo(f"{plural(s.article_count, 'article')} in {plural(len(s.languages), 'language')}"
               f" from {plural(len(s.sources), 'source')}, {span}")
    for lang, articles in detail.articles_by_language.items():
        click.secho(f"\n[{lang}] {plural(len(articles), 'article')}", bold=True)
        for a in articles:
            when = partial_date(a.published, a.published_precision)
            source = a.source or "-"
            if a.source_country:
                source += f" ({a.source_country})"
            click.echo(f"  #{a.id} {when}  {source}  {shorten(a.title, 80)}")
            if a.also_published_by:
                click.echo(f"      also published by {', '.join(a.also_published_by)}")
    if detail.entities:
        click.secho("\nEntities (all spellings)", bold=True)
        for e in detail.entities[:15]:
            click.echo(f"  {e.name} ({e.kind}): " + "; ".join(
                f"{lang} {', '.join(spellings)}" for lang, spellings in e.spellings.items()))
        more = len(detail.entities) - 15 + detail.entities_more
        if more > 0:
            click.echo(f"  … and {more} more (babelwire entities --story {detail.story.id})")
    if detail.comparison:
        print_comparison(detail.comparison)
    if detail.timeline:
        click.secho("\nTime line (articles per day and language)", bold=True)
        for point in detail.timeline:
            click.echo(f"  {point['date']}  {point['lang']:<3} {'█' * point['articles']}")


def print_comparison(rows: list[ComparisonRow], disputed_only: bool = False) -> None:
    """The fact table: figure, what it counts, agreeing sources, differing sources."""
    shown = [r for r in rows if r.status == "differ"] if disputed_only else rows
    click.secho("\nFacts: what the sources agree on, where they differ, what one reports",
                bold=True)
    if not shown:
        click.echo("  no disagreements" if disputed_only else "  no figures")
        return
    click.echo(f"  {'status':<7} {'figure':<26} {'what it counts':<16} {'agreeing':<30} differing")
    for row in shown:
        groups: dict[int, list[str]] = {}
        for report in row.reports:
            who = f"{report.lang} {report.source or '#' + str(report.article_id)}"
            if who not in groups.setdefault(report.group, []):
                groups[report.group].append(who)
        figure = " / ".join(row.figures)
        agreeing = ", ".join(groups.get(0, []))
        differing = "; ".join(f"{row.figures[g]}: {', '.join(who)}"
                              for g, who in sorted(groups.items()) if g > 0)
        click.echo(f"  {row.status:<7} {shorten(figure, 26):<26} {shorten(row.label, 16):<16} "
                   f"{shorten(agreeing, 30):<30} {differing}")


def print_entities(entities: list[EntitySummary], more: int = 0) -> None:
    """Entities by mentions; `more` says how many the cut list leaves out."""
    if not entities:
        click.echo("No entities yet.")
        return
    click.echo(f"{'mentions':>8}  {'articles':>8}  {'stories':>7}  {'kind':<12}  {'entity':<24}"
               "  languages / spellings")
    for e in entities:
        spellings = sorted({s for values in e.spellings.values() for s in values})
        click.echo(f"{e.mentions:>8}  {e.articles:>8}  {len(e.stories):>7}  {e.kind:<12}  "
                   f"{e.name:<24}  [{' '.join(e.languages)}]  {shorten(' / '.join(spellings), 80)}")
    if more > 0:
        click.echo(f"… and {more} more (raise --limit to see them)")
