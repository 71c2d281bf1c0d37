"""Fact comparison within a story: which figures the articles agree on, differ on, or report alone.

Pure functions over claims (no SQL). For each concept ("detained", "vote_share", "election"),
claims are read as intervals (see `claim_interval`) and grouped: a claim joins a group when its
interval overlaps every member's and its article is not in the group yet, so two figures of one
article (80.1 % for the winner, 10.1 % for the runner-up) never merge. Then:

* a group of two or more articles is an ``agree`` row ("over 80 prosent" and "80,1%");
* groups of the same concept whose articles are disjoint, each with a figure written in digits,
  and whose figures are within `fact_differ_max_ratio` of each other are one ``differ`` row (a
  death toll of 12 in one outlet, 19 in two others);
* any other group is a ``single`` row: a figure only one article gives.

Claims with a generic concept (the lexicon did not know what the number counts) may only agree,
never differ, and figures written without digits ("tusenvis", "thousands") never differ either:
a disagreement is only claimed between figures that clearly count the same thing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from babelwire.analyse.numbers import DURATION_UNITS, date_text, quantity_text, unit_family
from babelwire.analyse.quantities import concept_label, is_generic
from babelwire.models import Claim
from babelwire.settings import Settings

STATUSES = ("differ", "agree", "single")
# Units that say what kind of number it is, but not what it measures.
_NOT_MEASURES = frozenset(("", "people", "votes", "%", "date", "year"))
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
ROUND_FIGURE_MARGIN = 0.05  # "150 000" is within 5 % of what was counted


@dataclass(frozen=True)
class Report:
    """One article's claim, as the comparison sees it."""

    article_id: int
    lang: str
    source: str | None
    claim: Claim


@dataclass
class ReportRow:
    article_id: int
    lang: str
    source: str | None
    value: float | str  # dates and years as text ("2020-08-09", "9 Aug", "1994"), never numbers
    upper: float | None
    approx: str
    unit: str
    as_written: str
    sentence: str  # the evidence
    group: int  # which figure of the row (0: the one most articles give)


@dataclass
class ComparisonRow:
    status: str  # "agree", "differ" or "single"
    concept: str
    label: str  # what it counts, for people
    unit: str
    figures: list[str]  # one per group, most reported first
    reports: list[ReportRow] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return len({r.article_id for r in self.reports})

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def rounding_margin(claim: Claim) -> float:
    """What rounding may hide: "80 %" may be 80.4 %, "1,5 mlrd." 1.54 billion, "150 000" 154 000."""
    digits = _DIGITS.search(claim.as_written.replace("\u00a0", " ").replace(" ", ""))
    if digits is None or claim.unit in ("date", "year"):
        return 0.0
    text = digits.group()
    decimals = re.search(r"[.,](\d{1,2})$", text)
    if decimals:  # "80,1", "1.5": half of the last decimal written, times the scale word
        written = float(text.replace(",", ".")) if text.count(",") + text.count(".") == 1 else 0
        scale = claim.value / written if written else 1.0
        return 0.5 * 10 ** -len(decimals.group(1)) * scale
    plain = re.sub(r"\D", "", text)
    if claim.unit == "%":
        return 0.5
    if claim.value >= 1000 and len(plain) - len(plain.rstrip("0")) >= 3:
        return ROUND_FIGURE_MARGIN * claim.value  # a round estimate, not a count
    return 0.0


def claim_interval(claim: Claim, settings: Settings) -> tuple[float, float]:
    """The values a claim allows, as newsrooms mean them."""
    value = claim.value
    if claim.unit in ("date", "year"):
        return value, value
    if claim.approx == "range" and claim.upper is not None:
        return value, claim.upper
    span = (settings.fact_percent_span if claim.unit == "%" else value * settings.fact_bound_span)
    if claim.approx == "more":
        return value, value + span
    if claim.approx == "less":
        return value - span, value
    if claim.approx == "about":
        margin = max(value * settings.fact_about_tolerance, rounding_margin(claim))
        return value - margin, value + margin
    margin = max(abs(value) * settings.fact_exact_tolerance, rounding_margin(claim))
    return value - margin, value + margin


def compatible(first: Claim, second: Claim, settings: Settings) -> bool:
    if first.unit in ("date",) and second.unit == "date":
        return _same_day(first.value, second.value)
    low_a, high_a = claim_interval(first, settings)
    low_b, high_b = claim_interval(second, settings)
    return low_a <= high_b and low_b <= high_a


def _same_day(first: float, second: float) -> bool:
    """A date without a year (MMDD) matches the same day of any year."""
    a, b = int(first), int(second)
    return a == b or ((a < 10000 or b < 10000) and a % 10000 == b % 10000)


def compare_reports(reports: list[Report], settings: Settings | None = None
                    ) -> list[ComparisonRow]:
    """The comparison rows of a story: differ first, then agree, then single."""
    settings = settings or Settings()
    by_concept: dict[tuple[str, str], list[Report]] = {}
    named = _generics_named(_without_repeated_generics(reports, settings), settings)
    for report in _days_named_by_majority(named):
        key = (report.claim.concept, unit_family(report.claim.unit))
        by_concept.setdefault(key, []).append(report)
    rows: list[ComparisonRow] = []
    for (concept, _), members in by_concept.items():
        rows.extend(_rows_of_concept(concept, members, settings))
    order = {status: n for n, status in enumerate(STATUSES)}
    return sorted(rows, key=lambda r: (order[r.status], -r.articles, r.concept, r.figures))


def _without_repeated_generics(reports: list[Report], settings: Settings) -> list[Report]:
    """Leave out a generic claim ("unas 5.000 personas") when its article gives the same figure
    with a concept ("5.000 evacuados")."""
    known = [r for r in reports if not is_generic(r.claim.concept)]
    kept = [r for r in reports if not is_generic(r.claim.concept) or not any(
        k.article_id == r.article_id and unit_family(k.claim.unit) == unit_family(r.claim.unit)
        and compatible(k.claim, r.claim, settings) for k in known)]
    # ... and a bare figure when the article gives it with its unit ("1,5 Milliarden" and
    # "1,5 Milliarden Dollar", both of the loan)
    return [r for r in kept if r.claim.unit or not any(
        k.article_id == r.article_id and k.claim.concept == r.claim.concept and k.claim.unit
        and math.isclose(k.claim.value, r.claim.value, rel_tol=settings.fact_exact_tolerance)
        for k in kept)]


def _generics_named(reports: list[Report], settings: Settings) -> list[Report]:
    """A generic claim takes the concept of the same figure in other articles when they all
    name it alike: "2 March" (en, no word for what happened) joins "2. martā" (lv, a meeting)."""
    named: list[Report] = []
    for report in reports:
        if is_generic(report.claim.concept):
            concepts = {k.claim.concept for k in reports
                        if k.article_id != report.article_id and not is_generic(k.claim.concept)
                        and unit_family(k.claim.unit) == unit_family(report.claim.unit)
                        and compatible(k.claim, report.claim, settings)}
            if len(concepts) == 1:
                report = replace(report, claim=replace(report.claim, concept=concepts.pop()))
        named.append(report)
    return named


def _days_named_by_majority(reports: list[Report]) -> list[Report]:
    """One day in one story is one event: "9. august" (the election, nb and lv) and "rugpjūčio
    9" (lt, whose nearest word was the meeting) take the name most articles give that day."""
    votes: dict[int, dict[str, set[int]]] = {}
    for r in reports:
        if r.claim.unit == "date" and not is_generic(r.claim.concept):
            votes.setdefault(int(r.claim.value) % 10000, {}).setdefault(
                r.claim.concept, set()).add(r.article_id)
    named = []
    for r in reports:
        counts = votes.get(int(r.claim.value) % 10000) if r.claim.unit == "date" else None
        if counts and not is_generic(r.claim.concept):
            best = max(counts, key=lambda c: (len(counts[c]), c == r.claim.concept))
            if len(counts[best]) > len(counts.get(r.claim.concept, ())):
                r = replace(r, claim=replace(r.claim, concept=best))
        named.append(r)
    return named


def _rows_of_concept(concept: str, reports: list[Report], settings: Settings
                     ) -> list[ComparisonRow]:
    groups: list[list[Report]] = []
    for report in _one_per_figure(reports, settings):
        for group in groups:
            if all(m.article_id != report.article_id for m in group) and all(
                    compatible(m.claim, report.claim, settings) for m in group):
                group.append(report)
                break
        else:
            groups.append([report])
    components = _differ_components(concept, groups, settings)
    rows = []
    for component in components:
        ordered = sorted(component, key=lambda g: (-len({r.article_id for r in g}), _value(g)))
        if len(ordered) > 1:
            status = "differ"
        else:
            status = "agree" if len({r.article_id for r in ordered[0]}) > 1 else "single"
        rows.append(_row(status, concept, ordered))
    return rows


def _one_per_figure(reports: list[Report], settings: Settings) -> list[Report]:
    """An article's claims of one concept, most specific first, without the ones that repeat a
    figure it already gave ("12 killed" ... "at least 12 dead")."""
    kept: list[Report] = []
    for report in sorted(reports, key=_specificity):
        if not any(k.article_id == report.article_id and compatible(k.claim, report.claim,
                                                                     settings) for k in kept):
            kept.append(report)
    return kept


def _differ_components(concept: str, groups: list[list[Report]], settings: Settings
                       ) -> list[list[list[Report]]]:
    """Groups joined by disagreement (union-find over conflicting pairs)."""
    parent = list(range(len(groups)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    if not is_generic(concept) or _one_figure_each(groups):
        for i, first in enumerate(groups):
            for j in range(i + 1, len(groups)):
                if _conflict(first, groups[j], settings):
                    parent[root(j)] = root(i)
    components: dict[int, list[list[Report]]] = {}
    for i, group in enumerate(groups):
        components.setdefault(root(i), []).append(group)
    return list(components.values())


def _one_figure_each(groups: list[list[Report]]) -> bool:
    """A figure in a unit of measure or money ("ha", "EUR") that each article gives once: with
    nothing else in the story measured so, the figures can only be about the same thing."""
    unit = groups[0][0].claim.unit if groups and groups[0] else ""
    if unit in _NOT_MEASURES or unit in DURATION_UNITS.values():
        return False
    articles = [r.article_id for group in groups for r in group]
    return len(articles) == len(set(articles))


def _conflict(first: list[Report], second: list[Report], settings: Settings) -> bool:
    if {r.article_id for r in first} & {r.article_id for r in second}:
        return False
    if not (_precise(first) and _precise(second)):
        return False
    a, b = _value(first), _value(second)
    if first[0].claim.unit in ("date", "year"):
        return True
    if a <= 0 or b <= 0:
        return False
    return max(a, b) / min(a, b) <= settings.fact_differ_max_ratio


def _precise(group: list[Report]) -> bool:
    return any(not is_vague(r.claim) for r in group)


def is_vague(claim: Claim) -> bool:
    """A range written in words ("tusenvis", "thousands"), unlike "five weeks" or "12-19"."""
    return claim.approx == "range" and not any(ch.isdigit() for ch in claim.as_written)


def _value(group: list[Report]) -> float:
    return min(group, key=_specificity).claim.value


def _specificity(report: Report) -> tuple[int, int, float]:
    """Exact figures first: they anchor the groups that bounds and estimates then join."""
    rank = {"exact": 0, "about": 1, "more": 2, "less": 2, "range": 3}.get(report.claim.approx, 4)
    return (int(is_vague(report.claim)), rank, report.article_id)


def _row(status: str, concept: str, groups: list[list[Report]]) -> ComparisonRow:
    first = min(groups[0], key=_specificity).claim
    row = ComparisonRow(status, concept, concept_label(concept), first.unit, [])
    for number, group in enumerate(groups):
        anchor = min(group, key=_specificity).claim
        row.figures.append(anchor.as_written.lower() if is_vague(anchor)  # "tusenvis"
                           else quantity_text(anchor.value, anchor.unit, anchor.approx,
                                              anchor.upper))
        for report in sorted(group, key=lambda r: (r.lang, r.article_id)):
            claim = report.claim
            row.reports.append(ReportRow(
                article_id=report.article_id, lang=report.lang, source=report.source,
                value=display_value(claim.value, claim.unit), upper=claim.upper,
                approx=claim.approx, unit=claim.unit, as_written=claim.as_written,
                sentence=claim.evidence, group=number))
    return row


def display_value(value: float, unit: str) -> float | str:
    """Counts stay numbers; a date or a year is text, so it is never read as a count."""
    if unit == "date":
        number = int(value)
        return date_text(value) if number >= 10000 else f"--{number // 100:02d}-{number % 100:02d}"
    if unit == "year":
        return str(int(value))
    return int(value) if math.isfinite(value) and float(value).is_integer() else value


def disputed(rows: list[ComparisonRow]) -> bool:
    return any(row.status == "differ" for row in rows)


def reports_of_rows(rows: Sequence[dict[str, Any]]) -> list[Report]:
    """Claim rows of the store (with the article's lang and source) as `Report`s."""
    return [Report(r["article_id"], r["lang"], r["source"], Claim(
        r["concept"], r["value"], r["approx"], r["unit"], r["as_written"], r["sentence"],
        r["evidence"], r["upper"])) for r in rows]


def story_comparison_of_rows(rows: Sequence[dict[str, Any]], settings: Settings | None = None
                             ) -> list[ComparisonRow]:
    """The fact comparison of these claim rows (a story's originals, not republished copies)."""
    return compare_reports(reports_of_rows(rows), settings) if rows else []
