"""The indicators' reference page, generated from the catalogue (``docs/indicators.md``).

The page is never edited by hand: ``safeguard indicators docs > docs/indicators.md`` writes it,
and a test fails when the committed copy differs from what the catalogue says now.
"""

from __future__ import annotations

from safeguard.annex_a.spec import list_by_key
from safeguard.council import DEFAULT_CPP_VISIT_WORKING_DAYS
from safeguard.factors import FACTORS, factor
from safeguard.indicators.catalogue import INDICATORS, Indicator, Polarity, Unit
from safeguard.indicators.history import NATURAL_KEYS

UNIT_WORDS = {Unit.PER_10K: "rate per 10,000 children aged 0-17", Unit.PERCENT: "percentage", Unit.COUNT: "number of children"}
POLARITY_WORDS = {
    Polarity.HIGH: "higher is better",
    Polarity.LOW: "lower is better",
    Polarity.CONTEXT: "context (neither direction is better in itself)",
    Polarity.ZERO: "the target is zero",
}

INTRODUCTION = f"""# Indicators

This page is generated from `src/safeguard/indicators/catalogue.py` by
`safeguard indicators docs > docs/indicators.md`. Do not edit it by hand: change the catalogue
and generate it again (a test fails when the two disagree).

Each indicator is computed from the child-level Annex A lists in the snapshots, following the
definitions behind DfE's published statistics (the LAIT measure named beside it) as far as
Annex A allows; where it holds less than DfE's own returns, the method says what is
approximated. Every figure comes with its numerator and denominator.

## How the figures are worked out

**One history from many returns.** Each return looks back over its own period, so returns
overlap and the same event appears in several. The history keeps each event once, known by
its natural key, with the values of the latest return that carries it (the latest period end,
then the latest load):

{chr(10).join(f"- {list_by_key(key).title.lower()} (list {list_by_key(key).number}): " + " + ".join(columns) for key, columns in NATURAL_KEYS.items())}

By default the history is built from every snapshot in the store; `--snapshot ID` uses that
snapshot and those before it, to recompute figures for the data as it stood.

**Open at the period's end.** A plan, period of care or episode of need is open on a day when
it started on or before that day and has no end date or ends after it. One with no end date is
taken to be open only as far as the latest return that lists it: when later returns stop
listing it, it closed. Children open on a list count once.

**Values "as at" the return.** Some fields describe a child at the time of the return rather
than an event: the latest visit and review, the allocated worker, placements and missing
episodes in the last 12 months, whether a care leaver is in touch. For a figure at a period's
end these come from the return covering that day that ends soonest after it, so a monthly
series loaded month by month shows each month as it was. A date in those fields that falls
after the period's end cannot say what was true at the end, so that child is left out of that
figure.

**Periods.** Any date range, or months, quarters and financial years (April to March) within
it; a range that does not start or end on a boundary is cut at its own dates. A period that no
snapshot covers has no values; one partly covered carries a note.

**Working days.** Monday to Friday except England's bank holidays (the `holidays` package,
subdivision ENG, which includes one-off days such as 8 May 2023). The start date is day 0; the
deadline is the Nth working day after it; anything on or before the deadline is in time.

**Rates per 10,000.** The 0-17 population is the ONS mid-year estimate of the year before the
financial year ends, as DfE uses it: the year ending March 2024 divides by mid-2023, and so
does each month and quarter of that year. It comes from `--population N`, `--la-code CODE`
(the published ONS file), or the council's settings (`council.json`). When no population is
available the rate has no value and the command says how to give one. Rates are not shown by
team, since teams have no population of their own.

**No value is not zero.** A percentage with nothing to divide by, or a rate without a
population, has no value (null in JSON), with a note saying why.

**Local standards.** The child protection visit standard is the council's own
(`standards.cpp_visit_working_days` in `council.json`, default {DEFAULT_CPP_VISIT_WORKING_DAYS} working days).

**Portable definitions.** Each computation is one SQL query in
`src/safeguard/indicators/definitions/`, in standard SQL (window functions, `INTERVAL`
arithmetic, working days through a calendar table), run by DuckDB over the snapshots' Parquet
files; a test translates every one to PostgreSQL and Spark SQL.
"""


def _factors_section() -> str:
    rows = "\n".join(f"| {item.number} | `{item.id}` | {item.title} | {item.summary} |" for item in FACTORS)
    return (
        "## The seven factors\n\n"
        f"Each indicator informs one or more of the seven factors of effective safeguarding ({FACTORS[0].citation}).\n\n"
        "| # | id | factor | about |\n|---|---|---|---|\n" + rows + "\n"
    )


def _summary_section() -> str:
    rows = "\n".join(
        f"| [`{item.id}`](#{item.id}) | {item.title} | {item.unit.value} | {item.polarity.value} | "
        f"{item.lait_code or 'local'} | {item.kind.value} | {'yes' if item.by_team else 'no'} |"
        for item in INDICATORS
    )
    return (
        "## Summary\n\n"
        "| id | indicator | unit | polarity | LAIT code | kind | by team |\n|---|---|---|---|---|---|---|\n" + rows + "\n"
    )


def _indicator_section(item: Indicator) -> str:
    lists = ", ".join(f"list {list_by_key(key).number} ({list_by_key(key).title.lower()})" for key in item.lists)
    factors = ", ".join(factor(factor_id).title for factor_id in item.factors)
    kind = "events in the period" if item.kind.value == "flow" else "what is open at the period's end"
    return f"""<a id="{item.id}"></a>
### {item.title}

`{item.id}`: {item.definition}

- **Numerator:** {item.numerator}
- **Denominator:** {item.denominator}
- **Unit:** {UNIT_WORDS[item.unit]}; **polarity:** {POLARITY_WORDS[item.polarity]}
- **LAIT code:** {f"`{item.lait_code}`" if item.lait_code else "none (a local measure)"}
- **Kind:** {item.kind.value} ({kind}); **by team:** {"yes" if item.by_team else "no"}
- **Annex A:** {lists}
- **Informs:** {factors}
- **Ask:** {item.question}
- **Method:** {item.method}

```sql
{item.sql.strip()}
```
"""


def markdown() -> str:
    """The whole reference page."""
    sections = [INTRODUCTION, _factors_section(), _summary_section(), "## The indicators\n"]
    sections += [_indicator_section(item) for item in INDICATORS]
    return "\n".join(sections)
