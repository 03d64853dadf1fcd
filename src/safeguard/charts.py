"""Charts for leaders' pages: Vega-Lite specifications built with Altair, drawn to SVG on the
server by ``vl-convert`` (no script runs in the browser; the same SVG prints and goes into PDFs).

Each chart comes with what its ``<figure>`` needs besides the picture: a caption and a text
alternative that says in a sentence what the chart shows (WCAG 2.2, 1.1.1). The page puts the
data table and a CSV link beside it. Colours are the Government Analysis Function's data
visualisation palette (Analysis Function guidance, "Data visualisation: colours"), and colour is
never the only signal: each kind of changed month has its own shape and legend label, and
the limits and mean are labelled lines.

The SVG is inserted into the page as markup, so it is parsed and checked first: only drawing
elements, no scripts, no event handlers, no links. Its root is given ``role="img"`` and points at
the caption and text alternative (the marks' own ARIA roles are dropped: inside one picture they
would be unnamed images), and carries no size of its own (the stylesheet scales it).
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import altair as alt
import vl_convert
from markupsafe import Markup

from safeguard.aggregates import CONFIDENTIAL, Comparison, ControlLimits, PeriodRow, figure_text
from safeguard.aggregates.words import CHANGE_WORDS, USUAL_WORDS

DARK_BLUE = "#12436D"
TURQUOISE = "#28A197"
DARK_PINK = "#801650"
ORANGE = "#F46A25"
DARK_GREY = "#3D3D3D"
LIGHT_PURPLE = "#A285D1"
"""The Analysis Function's categorical palette, in its order of use."""

FONT = "Arial, Liberation Sans, Helvetica, sans-serif"
WIDTH = 640
HEIGHT = 280

SIGNALS = {
    "concern": (CHANGE_WORDS["concern"], ORANGE, "triangle-up"),
    "improvement": (CHANGE_WORDS["improvement"], TURQUOISE, "square"),
    "unusual": (CHANGE_WORDS["unusual"], DARK_PINK, "diamond"),
    None: (USUAL_WORDS, DARK_BLUE, "circle"),
}
"""Each kind of month: its legend label, colour and shape (the shape alone tells them apart)."""

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
ALLOWED_ELEMENTS = {"svg", "g", "path", "rect", "line", "text", "circle", "title", "defs", "clipPath", "tspan"}
ElementTree.register_namespace("", SVG_NAMESPACE)
ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")


@dataclass(frozen=True)
class Chart:
    svg: Markup
    caption: str
    description: str
    """The text alternative: what the chart shows, in a sentence or two."""
    dom_id: str


UNIT_AXIS = {"percent": "Per cent", "per_10k": "Per 10,000 children", "count": "Number", "per_fte": "Cases per full-time worker"}


def _base_config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return chart.configure(font=FONT, aria=False, background="white").configure_axis(
        labelFontSize=12, titleFontSize=13, labelColor=DARK_GREY, titleColor=DARK_GREY, gridColor="#E6E6E6"
    ).configure_legend(labelFontSize=12, titleFontSize=13, orient="bottom").configure_view(stroke=None)


def spc_chart(dom_id: str, title: str, rows: tuple[PeriodRow, ...], limits: ControlLimits | None) -> Chart | None:
    """The control chart of one indicator's months, or None with nothing to draw."""
    return _spc_chart(dom_id, title, rows, limits)


@lru_cache(maxsize=256)
def _spc_chart(dom_id: str, title: str, rows: tuple[PeriodRow, ...], limits: ControlLimits | None) -> Chart | None:
    plotted = [row for row in rows if not isinstance(row.value, str)]
    if not plotted:
        return None
    unit = rows[0].unit
    # Withheld months go in as gaps (no value): the line breaks there rather than joining
    # across them, so a reader cannot mistake two months apart for neighbours.
    points = [
        {
            "month": row.start.isoformat(),
            "value": None if isinstance(row.value, str) else row.value,
            "kind": SIGNALS[row.signal][0],
        }
        for row in rows
    ]
    kinds = [label for label, _, _ in SIGNALS.values()]
    x = alt.X("month:T", title="Month", axis=alt.Axis(format="%b %Y", labelAngle=-40, tickCount="month"))
    line = alt.Chart().mark_line(color=DARK_BLUE, strokeWidth=2).encode(x=x, y=alt.Y("value:Q", title=UNIT_AXIS[unit]))
    marks = alt.Chart().mark_point(filled=True, size=70, stroke=DARK_GREY, strokeWidth=0.8, opacity=1).encode(
        x=x,
        y="value:Q",
        shape=alt.Shape("kind:N", title="Months", scale=alt.Scale(domain=kinds, range=[shape for _, _, shape in SIGNALS.values()])),
        color=alt.Color("kind:N", title="Months", scale=alt.Scale(domain=kinds, range=[colour for _, colour, _ in SIGNALS.values()])),
    )
    layers = [line, marks]
    if limits is not None and not isinstance(limits.mean, str):
        lines = [
            {"what": f"Mean {figure_text(limits.mean, unit)}", "value": limits.mean, "dash": "solid"},
            {"what": f"Upper limit {figure_text(limits.upper, unit)}", "value": limits.upper, "dash": "dashed"},
            {"what": f"Lower limit {figure_text(limits.lower, unit)}", "value": limits.lower, "dash": "dashed"},
        ]
        reference = alt.Chart(alt.Data(values=lines))
        layers += [
            reference.mark_rule(color=DARK_GREY, strokeWidth=1.2).encode(
                y="value:Q",
                strokeDash=alt.StrokeDash("dash:N", scale=alt.Scale(domain=["solid", "dashed"], range=[[1, 0], [6, 4]]), legend=None),
            ),
            reference.mark_text(align="right", baseline="bottom", dy=-3, x=WIDTH, color=DARK_GREY, fontSize=11).encode(
                y="value:Q", text="what:N"
            ),
        ]
    chart = alt.layer(*layers, data=alt.Data(values=points)).properties(width=WIDTH, height=HEIGHT)
    caption = f"{title}, month by month" + (", with the baseline average and the range months usually fall in" if limits else "")
    return Chart(_svg(_base_config(chart).to_dict(), dom_id), caption, _spc_description(title, rows, plotted, limits), dom_id)


def _spc_description(title: str, rows: Sequence[PeriodRow], plotted: Sequence[PeriodRow], limits: ControlLimits | None) -> str:
    unit = rows[0].unit
    latest = plotted[-1]
    sentences = [
        f"A line chart of {title.lower()} for each month from {rows[0].label} to {rows[-1].label}; "
        f"the latest month shown, {latest.label}, is {figure_text(latest.value, unit)}."
    ]
    if limits is not None and not isinstance(limits.mean, str):
        sentences.append(
            f"The baseline's average is {figure_text(limits.mean, unit)} and months usually fall from "
            f"{figure_text(limits.lower, unit)} to {figure_text(limits.upper, unit)}."
        )
    flagged = [row for row in rows if row.signal]
    if flagged:
        readings = sorted({row.signal for row in flagged if row.signal})
        sentences.append(
            f"{len(flagged)} month{'s are' if len(flagged) > 1 else ' is'} marked as part of a lasting change "
            f"({', '.join(readings)}), from {flagged[0].label} to {flagged[-1].label}."
        )
    else:
        sentences.append("No month is marked as part of a lasting change.")
    withheld = sum(1 for row in rows if row.value == CONFIDENTIAL)
    if withheld:
        sentences.append(f"{withheld} month{'s are' if withheld > 1 else ' is'} not drawn because the figures are confidential ({CONFIDENTIAL}).")
    return " ".join(sentences)


def comparison_chart(dom_id: str, title: str, unit: str, comparison: Comparison) -> Chart | None:
    """Bars for the council, its statistical neighbours, its region and England in one year."""
    return _comparison_chart(dom_id, title, unit, comparison)


@lru_cache(maxsize=256)
def _comparison_chart(dom_id: str, title: str, unit: str, comparison: Comparison) -> Chart | None:
    bars = [
        ("This council", comparison.council, DARK_BLUE),
        ("Statistical neighbours (mean)", comparison.neighbours_mean, TURQUOISE),
        (comparison.region_name, comparison.region, TURQUOISE),
        ("England", comparison.england, TURQUOISE),
    ]
    drawn = [
        {"who": who, "value": value, "shown": figure_text(value, unit), "colour": colour}
        for who, value, colour in bars
        if not isinstance(value, str)
    ]
    if len(drawn) < 2:
        return None
    y = alt.Y("who:N", title=None, sort=None)
    base = alt.Chart(alt.Data(values=drawn)).encode(y=y)
    chart = alt.layer(
        base.mark_bar(height=22).encode(x=alt.X("value:Q", title=UNIT_AXIS[unit]), color=alt.Color("colour:N", scale=None)),
        base.mark_text(align="left", dx=4, color=DARK_GREY, fontSize=12).encode(x="value:Q", text="shown:N"),
    ).properties(width=WIDTH - 180, height=len(drawn) * 34)
    caption = f"{title}: this council beside others, {comparison.year_label}"
    described = "; ".join(f"{row['who']} {row['shown']}" for row in drawn)
    missing = [who for who, value, _ in bars if isinstance(value, str)]
    description = f"A bar chart comparing {title.lower()} in {comparison.year_label}: {described}."
    if missing:
        description += f" Not drawn (not available or confidential): {', '.join(missing)}."
    return Chart(_svg(_base_config(chart).to_dict(), dom_id), caption, description, dom_id)


def _svg(spec: dict, dom_id: str) -> Markup:
    """Draw a specification and make the SVG safe and accessible to put inside a page."""
    root = ElementTree.fromstring(vl_convert.vegalite_to_svg(spec))
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1]
        if name not in ALLOWED_ELEMENTS:
            raise ValueError(f"unexpected <{name}> in a chart")
        # Plain names, with the namespace declared once below: ElementTree's table of prefixes is
        # global, and a library that registers its own (WeasyPrint does, for PDF metadata) would
        # otherwise turn every element into <ns0:svg>, which browsers do not draw inline.
        element.tag = name
        for attribute in list(element.attrib):
            local = attribute.rsplit("}", 1)[-1].lower()
            if local.startswith("on") or local in {"href", "style"}:
                raise ValueError(f"unexpected {local} attribute in a chart")
            if local == "role" or local.startswith("aria-"):
                # Vega labels its marks for screen readers; inside one picture with its own text
                # alternative they would only be read out as unnamed images.
                del element.attrib[attribute]
    for attribute in ("width", "height"):
        root.attrib.pop(attribute, None)
    root.set("xmlns", SVG_NAMESPACE)
    root.set("role", "img")
    root.set("aria-labelledby", f"{dom_id}-caption {dom_id}-description")
    root.set("class", "app-chart__svg")
    root.set("focusable", "false")
    return Markup(ElementTree.tostring(root, encoding="unicode"))
