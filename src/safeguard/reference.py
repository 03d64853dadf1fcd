"""The indicators' reference page, generated from the catalogue (``docs/indicators.md``).

The page is never edited by hand: ``safeguard indicators docs > docs/indicators.md`` writes it,
and a test fails when the committed copy differs from what the catalogue says now.
"""

from __future__ import annotations

from safeguard.annex_a.spec import list_by_key
from safeguard.council import DEFAULT_CPP_VISIT_WORKING_DAYS
from safeguard.factors import FACTORS, factor
from safeguard.indicators.catalogue import INDICATORS, Indicator, Polarity, Unit
from safeguard.indicators.history import AS_AT_GRACE, NATURAL_KEYS
from safeguard.timescales import all_timescales
from safeguard.warnings.baselines import DEFAULT_MONTHS, SHORT_SERIES_MONTHS
from safeguard.warnings.scan import DEFAULT_NEIGHBOUR_DISTANCE
from safeguard.warnings.thresholds import FILE_FORMAT

UNIT_WORDS = {Unit.PER_10K: "rate per 10,000 children aged 0-17", Unit.PERCENT: "percentage", Unit.COUNT: "number of children", Unit.PER_FTE: "cases per full-time-equivalent worker"}
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
episodes in the last 12 months, whether a care leaver is in touch. The indicators that read
them (marked "as at a return's end" below) need a return that ends on the period's last day or
in the {AS_AT_GRACE.days} days after it, and read those fields from it, so a monthly series loaded month by
month shows each month as it was. A period with no such return has no value for them, with a
note: a return ending months later describes a later day (its visits are later visits, its
missing episodes another 12 months). A date in those fields that falls after the period's end
cannot say what was true at the end, so that child is left out of that figure.

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

**Timescales.** Every timescale is defined once, in `src/safeguard/timescales.toml` (listed
below); the definitions read the ones they need from the `timescales` table. The child
protection visit standard is the council's own (`standards.cpp_visit_working_days` in
`council.json`, default {DEFAULT_CPP_VISIT_WORKING_DAYS} working days).

**Portable definitions.** Each computation is one SQL query in
`src/safeguard/indicators/definitions/`, in standard SQL (window functions, `INTERVAL`
arithmetic, working days through a calendar table), run by DuckDB over the snapshots' Parquet
files; a test translates every one to PostgreSQL and Spark SQL.
"""


EARLY_WARNING = f"""## The early warning

`safeguard warnings` reads each indicator's monthly series (the whole months the snapshots cover,
less the first year when there are more than two, since measures that look back a year cannot
see before the earliest return) and raises a warning when:

- **a lasting change shows on its monthly chart**: each month is compared with what chance alone
  would give it (the baseline's share or rate and the month's own number of cases, following the
  calendar where the baseline shows a yearly pattern), and the differences are added up month by
  month (a cumulative sum); when the sum passes the decision level, the warning says since when
  the change began. The method, why it replaced Making Data Count's four separate rules, and the
  measured false alarms, recall and delay are in `docs/early-warning.md`;
- **the latest whole financial year is far from the statistical neighbours**: more than
  {DEFAULT_NEIGHBOUR_DISTANCE:.0%} from the mean of the 10 neighbours, or outside their range (needs `safeguard
  benchmarks load` and the council's LA code);
- **a month passes a local threshold** that the council has set (below).

Each warning is read through the indicator's polarity: a rise is a concern where lower is better
or the target is zero, an improvement where higher is better, and only "unusual" for measures of
demand. It says what moved, since when (and when it could first be seen), by how much against
the baseline (named by its months and value), where the council stands against England and the
neighbours, how unusual it is in plain words, the data confidence of the
rows behind it, and the indicator's question.

**Baselines.** The limits come from a baseline and move only when someone moves them: without a
stored baseline, an indicator uses the first {DEFAULT_MONTHS} months of its series ({SHORT_SERIES_MONTHS} for a series of
fewer than {DEFAULT_MONTHS + SHORT_SERIES_MONTHS} months); `safeguard warnings rebaseline --from YYYY-MM --to YYYY-MM` stores new
limits, used until the next rebaseline; `--baseline-from` and `--baseline-to` try a baseline for
one run without storing it. An indicator with fewer than {SHORT_SERIES_MONTHS} months has no control chart.

**Local thresholds.**

{FILE_FORMAT.replace(chr(10) * 2 + '"thresholds"', chr(10) * 2 + '    "thresholds"')}

How well the early warning finds real changes is measured, not assumed: `bench/early_warning_eval.py`
plants changes in synthetic councils and prints the share found, the median delay and the false
alarms per council-year on councils without them.
"""

KNOWN_LIMITS = """## Known limits

What Annex A cannot tell, and how the figures behave because of it.

- **"As at" indicators need a return at the period's end.** With one long extract, or one
  return a year, their monthly series has values only at the returns' ends. Read from a return
  that ends years after the month, they drift where nothing has changed: in the demo council's
  five-year extract, with nothing planted on them, `cla_missing_rate` climbed from 3% to 14%
  over the four years before the extract's end, because its "missing episodes in the last 12
  months" cover only its final year; `cla_3plus_placements_rate`, the return interviews and
  placement stability drifted the same way, and the early warning raised each as a concern. So
  such months have no value. Load a return every month (or at each period's end) for a monthly
  series of these indicators.
- **`cpp_review_in_timescale` reads at or above DfE's figure.** Annex A keeps only each plan's
  latest review, so a review that was late but was held before the next return's end cannot be
  seen. On a synthetic council with 90% of reviews on time, one return a year read 97-98%;
  monthly returns read 87-90%. It also reads high in the first two years of monthly returns: a
  plan counts as late only if a loaded return saw it overdue, and the plans open when the first
  return was loaded may have been late before it. On 32 synthetic councils with nothing changing
  it fell from 97% to 88% over the first 27 months of returns, then held level. Load earlier
  returns if they exist, or keep those two years out of its baseline (`safeguard warnings rebaseline
  --indicator cpp_review_in_timescale`).
- **`cla_missing_rate` looks back a year even in a monthly series**, because Annex A counts
  missing episodes over the 12 months before the return: a month's figure moves slowly, and a
  rise shows over several months. Loaded month by month it does not drift: on the three clean
  synthetic councils of `bench/early_warning_eval.py` (about nine council-years) it raised no
  false alarm when last measured. It counts children "missing", not "away without
  authorisation", and LAIT gives it no polarity (DOMAIN §3: lower is better).
- **`unallocated_cases` can be higher than the workforce page's list.** The indicator counts a
  child when any of their open cases (in need, on a plan, in care) names no worker; the workforce
  page's list of children without a social worker leaves out a child whose case on another list
  names one. Where a return records a child's worker on one list only, the two differ: on a
  synthetic pool of 150 councils by about a third of the child-months the indicator counts.
- **Re-referrals and repeat plans need earlier history.** A referral counts as a re-referral
  only if the earlier referral is in the snapshots, so the first year of the earliest return
  reads low; when the snapshots cover more than two years, the early warning leaves that year
  out of its charts. Repeat plans also use Annex
  A's count of previous plans, which reaches further back.
- **Some counts differ from DfE's returns by design**: conferences for children moving in on a
  plan are not in Annex A (`icpc_per_10k`); no further action is Annex A's own flag
  (`referral_nfa_rate`); a child adopted by their foster carers counts from the adoptive
  placement (`cla_long_term_stability_rate`). Each indicator's method below says so.
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
        f"{item.lait_code or 'local'} | {item.kind.value} | {'yes' if item.by_team else 'no'} | {'yes' if item.as_at else 'no'} |"
        for item in INDICATORS
    )
    return (
        "## Summary\n\n"
        "| id | indicator | unit | polarity | LAIT code | kind | by team | as at a return's end |\n"
        "|---|---|---|---|---|---|---|---|\n" + rows + "\n"
    )


def _indicator_section(item: Indicator) -> str:
    lists = ", ".join(f"list {list_by_key(key).number} ({list_by_key(key).title.lower()})" for key in item.lists) or "none"
    if item.workforce:
        lists += "; and the workforce file (docs/workforce.md)"
    factors = ", ".join(factor(factor_id).title for factor_id in item.factors)
    kind = "events in the period" if item.kind.value == "flow" else "what is open at the period's end"
    return f"""<a id="{item.id}"></a>
### {item.title}

`{item.id}`: {item.definition}

- **Numerator:** {item.numerator}
- **Denominator:** {item.denominator}
- **Unit:** {UNIT_WORDS[item.unit]}; **polarity:** {POLARITY_WORDS[item.polarity]}
- **LAIT code:** {f"`{item.lait_code}`" if item.lait_code else "none (a local measure)"}
- **Kind:** {item.kind.value} ({kind}); **by team:** {"yes" if item.by_team else "no"}; **as at a return's end:** {"yes" if item.as_at else "no"}
- **Annex A:** {lists}
- **Informs:** {factors}
- **Ask:** {item.question}
- **Method:** {item.method}

```sql
{item.sql.strip()}
```
"""


def _timescales_section() -> str:
    rows = "\n".join(
        f"| `{item.id}` | {item.title} | {item.length} | {item.starts} | {item.source}{' (the council may set its own)' if item.local else ''} |"
        for item in all_timescales()
    )
    return (
        "## Timescales\n\n"
        "The indicators above and the governance records' due dates count from these (`safeguard.timescales`).\n\n"
        "| id | what | within | counted from | source |\n|---|---|---|---|---|\n" + rows + "\n"
    )


def markdown() -> str:
    """The whole reference page."""
    sections = [INTRODUCTION, _factors_section(), _summary_section(), _timescales_section(), EARLY_WARNING, KNOWN_LIMITS, "## The indicators\n"]
    sections += [_indicator_section(item) for item in INDICATORS]
    return "\n".join(sections)
