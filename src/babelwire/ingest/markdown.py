"""Markdown files read as Markdown: the text a reader sees, not its markup ("# Seed articles"
became a story's title), and the files of a folder that are about the folder, not news.

Headings lose their `#`s (the first heading is the title), links and images keep only their
text, emphasis, code marks, block quotes, list bullets, tables' rules, HTML comments and tags,
and front matter are dropped; a `title:` or `date:` in YAML front matter is kept.
"""

from __future__ import annotations

import re
from pathlib import Path

# A folder's own documentation: read only when named directly ("README.md", "LICENSE",
# "CHANGELOG.txt", "CONTRIBUTING.md"); inside a folder they describe the folder, not the news.
NOT_NEWS_NAMES = frozenset((
    "readme", "license", "licence", "copying", "notice", "changelog", "changes", "history",
    "contributing", "authors", "contributors", "code_of_conduct", "security", "todo",
    "install", "citation"))  # not GNU's "NEWS": "news.md" may well be news


def is_folder_documentation(path: Path) -> bool:
    """Whether a file's name says it documents its folder (any case, any suffix)."""
    return path.name.split(".", 1)[0].lower().replace("-", "_") in NOT_NEWS_NAMES


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_FIELD = re.compile(r"^(title|date)[ \t]*:[ \t]*(.+?)[ \t]*$", re.MULTILINE | re.IGNORECASE)
_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_SETEXT_RULE = re.compile(r"^[ \t]*(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\[[^\]]*\]")
_REFERENCE = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*\S+.*$")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][^>\n]*>", re.DOTALL)
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~)(?=\S)(.+?)(?<=\S)\1")
_CODE = re.compile(r"`([^`]*)`")
_BULLET = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+")
_QUOTE = re.compile(r"^[ \t]*(?:>[ \t]?)+")
# a thematic break ("***", "- - -") or a table's rule ("|---|:--:|")
_RULE = re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$|^[ \t|:-]*-{3,}[ \t|:-]*$")


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """YAML front matter's `title` and `date` (as written), and the text after it."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    fields = {key.lower(): value.strip("\"'") for key, value in
              _FRONT_FIELD.findall(match.group(1))}
    return fields, text[match.end():]


def markdown_to_text(text: str) -> tuple[str, str]:
    """(title, plain text) of a Markdown document: the first heading is the title (empty when
    the document has none); the text keeps every heading as a line of its own."""
    title = ""
    lines: list[str] = []
    fenced = False
    for line in _TAG.sub("", text).splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or _REFERENCE.match(line):
            continue
        if _SETEXT_RULE.match(line) and lines and lines[-1]:
            title = title or lines[-1]  # "Title\n=====": the line above is a heading
            continue
        if _RULE.match(line):
            continue
        heading = _HEADING.match(line)
        if heading:
            line = heading.group(2)
        line = _QUOTE.sub("", _BULLET.sub("", line))
        line = _IMAGE.sub(lambda m: m.group(1), line)
        line = _LINK.sub(lambda m: m.group(1) or m.group(2), line)
        line = _AUTOLINK.sub(r"\1", line)
        line = _CODE.sub(r"\1", line)
        for _ in range(2):  # "***both***"
            line = _EMPHASIS.sub(r"\2", line)
        if line.lstrip().startswith("|"):  # a table row: its cells as words
            line = " ".join(cell.strip() for cell in line.split("|") if cell.strip())
        line = line.strip()
        if heading and not title and line:
            title = line
        lines.append(line)
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return title, body
