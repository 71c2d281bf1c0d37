"""`babelwire story ...`: show a story (`babelwire story ID`, as before) and correct stories by
hand: `story merge A B`, `story split ID --articles ID,ID`, `story move ARTICLE --to ID`.
Corrections are recorded (when, what, by the CLI), shown on the story page, and kept by
later ingests (see docs/monitoring.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from babelwire.cli.common import db_option, emit_json, json_option, open_service


class StoryGroup(click.Group):
    """`babelwire story ID [...]` shows a story, as it always did; a subcommand corrects."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


@click.group(name="story", cls=StoryGroup)
def story_group() -> None:
    """Show one story (`babelwire story ID`), or correct stories by hand.

    \b
      babelwire story 3                      # show story 3 (same as `story show 3`)
      babelwire story merge 3 7              # story 7's articles join story 3
      babelwire story split 3 --articles 12,15   # articles 12 and 15 become a new story
      babelwire story move 12 --to 7         # article 12 joins story 7
    \b
    A correction moves republished copies with their originals, is recorded with when and
    by what (shown on the story page), and is kept afterwards: later articles follow the
    corrected stories, and re-ingesting the same files changes nothing. With --json each
    prints {"story_id": N}, the story that holds the articles now.
    """


def parse_ids(value: str) -> list[int]:
    try:
        ids = [int(part) for part in value.replace(" ", "").split(",") if part]
    except ValueError:
        raise click.BadParameter(f"{value!r}: give article ids separated by commas, such as "
                                 "12,15", param_hint="--articles") from None
    if not ids or any(i < 1 for i in ids):
        raise click.BadParameter("give at least one article id (positive numbers)",
                                 param_hint="--articles")
    return ids


def _done(as_json: bool, story_id: int, message: str) -> None:
    if as_json:
        emit_json({"story_id": story_id})
    else:
        click.echo(message)


@story_group.command(name="merge")
@click.argument("into", type=click.IntRange(1))
@click.argument("other", type=click.IntRange(1))
@db_option
@json_option
def merge_command(into: int, other: int, db_path: Path, as_json: bool) -> None:
    """Merge story OTHER into story INTO (OTHER's articles join INTO; OTHER is removed)."""
    with open_service(db_path, must_exist=True) as service:
        result = service.merge_stories(into, other, actor="cli")
    _done(as_json, result, f"Merged story {other} into story {result}")


@story_group.command(name="split")
@click.argument("story_id", type=click.IntRange(1))
@click.option("--articles", "articles", required=True, metavar="ID,ID",
              help="The articles of the story that become a new story.")
@db_option
@json_option
def split_command(story_id: int, articles: str, db_path: Path, as_json: bool) -> None:
    """Split some articles of STORY_ID off into a new story."""
    ids = parse_ids(articles)
    with open_service(db_path, must_exist=True) as service:
        result = service.split_story(story_id, ids, actor="cli")
    _done(as_json, result, f"Split {len(ids)} article(s) off story {story_id} into story "
          f"{result}")


@story_group.command(name="move")
@click.argument("article_id", type=click.IntRange(1))
@click.option("--to", "to", required=True, type=click.IntRange(1), metavar="ID",
              help="The story the article joins.")
@db_option
@json_option
def move_command(article_id: int, to: int, db_path: Path, as_json: bool) -> None:
    """Move article ARTICLE_ID (and its republished copies) into story --to."""
    with open_service(db_path, must_exist=True) as service:
        result = service.move_article(article_id, to, actor="cli")
    _done(as_json, result, f"Moved article {article_id} into story {result}")


def correction_line(correction: dict[str, Any]) -> str:
    detail = correction["detail"]
    if correction["kind"] == "merge":
        what = f"story {detail['merged']} merged in"
    elif correction["kind"] == "split":
        articles = ", ".join(map(str, detail["articles"]))
        what = f"split off story {detail['from']} (articles {articles})"
    else:
        what = f"article {detail['article']} moved in from story {detail['from']}"
    return f"{correction['created']}  {what}, by {correction['actor']}"
