"""`babelwire search QUERY`: cross-lingual story search at the terminal, through the service's
search use case, the same library function as the web's /search and /api/search
(`babelwire.read.search.search`)."""

from __future__ import annotations

from pathlib import Path

import click

from babelwire.cli.common import BabelwireCommand, db_option, emit_json, json_option, open_service
from babelwire.cli.format import print_stories


@click.command(name="search", cls=BabelwireCommand)
@click.argument("query", nargs=-1, required=True)
@db_option
@json_option
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
def search_command(query: tuple[str, ...], db_path: Path, as_json: bool, limit: int) -> None:
    """Stories about QUERY, in any language: one word is enough ("jordskjelv", "powódź").

    The query is embedded with the multilingual encoder and compared with every article; a
    story is listed when its best article stands out from the other stories (unrelated ones
    are cut off, so the list may be short or empty), or when an article contains every word
    of the query. The closest article holding the query's words, as written or by their
    beginning ("maszyniści" in "maszynistów"), joins the query as a passage: stories told like
    it are listed in any language, with no word in common. A query no article holds lists
    nothing unless one story clearly stands out. A word or two naming a common news topic
    ("tulvat", floods; "stopy procentowe", interest rates) also finds every story that reports
    the topic in its own language. A query naming a person, place or organisation finds the
    stories that name it in any spelling or script ("Перу" those writing "Peru", "Łotwa"
    those writing "Latvija"), as --entity does. Best first; --json adds each story's score
    and best-matching article.
    """
    text = " ".join(query).strip()
    if not text:
        raise click.UsageError("give some words to search for")
    with open_service(db_path, must_exist=True) as service:  # its encoder: the multilingual one
        hits = service.search(text, limit)
    if as_json:
        emit_json([hit.as_dict() for hit in hits])
    elif not hits:
        click.echo(f"No stories about {text!r}.")
    else:
        print_stories([hit.story for hit in hits])
