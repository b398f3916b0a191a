"""Plotly figures as plain dicts, shared by the web pages and the exported records.

Plain dicts rather than ``plotly.graph_objects`` keep rendering fast (no validation on
every request); the tests check each figure against plotly's schema.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scoring.evaluation import Evaluation
from scoring.model import ScoreResult
from scoring.questions import AREAS_BY_CRITERION, CRITERIA, OPTION_LABELS
from scoring.sensitivity import FlipPoint, Robustness

CRITERION_COLOURS = {
    "sensitivity": "#4062bb",
    "latency": "#59c3c3",
    "customization": "#f2a541",
    "tco": "#52489c",
    "risk": "#eb5e55",
}
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', sans-serif", "size": 13}


def _layout(**extra: object) -> dict[str, object]:
    layout: dict[str, object] = {
        "font": FONT,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
    }
    layout.update(extra)
    return layout


def evaluation_figures(evaluation: Evaluation) -> dict[str, dict[str, object] | None]:
    """The results page's three charts, each None where it would have nothing to compare:
    no contributions without a feasible option, no tornado and no robustness bars with fewer
    than two (one option stays first whatever the weights; the sentences say so)."""
    feasible = len(evaluation.result.ranking)
    compared = feasible > 1
    return {
        "contributions_figure": contributions_figure(evaluation.result) if feasible else None,
        "tornado_figure": tornado_figure(evaluation.flip_points) if compared else None,
        "robustness_figure": robustness_figure(evaluation.robustness) if compared else None,
    }


def contributions_figure(result: ScoreResult) -> dict[str, object]:
    """Stacked bars: each feasible option's total split into per-criterion contributions."""
    options = list(reversed(result.ranking))  # best on top
    traces = []
    for criterion in CRITERIA:
        title = AREAS_BY_CRITERION[criterion].title
        values = [result.options[o].criterion(criterion).contribution for o in options]
        fits = [result.options[o].criterion(criterion).fit for o in options]
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": f"{title} ({result.weights[criterion]:.0%})",
                "y": [_axis_label(o) for o in options],
                "x": [round(v, 4) for v in values],
                "customdata": [[round(f, 3)] for f in fits],
                "marker": {"color": CRITERION_COLOURS[criterion]},
                "hovertemplate": (
                    f"{title}: %{{x:.3f}}<br>fit %{{customdata[0]:.2f}} × weight "
                    f"{result.weights[criterion]:.2f}<extra></extra>"
                ),
            }
        )
    return {
        "data": traces,
        "layout": _layout(
            barmode="stack",
            height=120 + 60 * len(options),
            xaxis={
                "automargin": True,
                "title": {"text": "weighted score"},
                "range": [0, 1],
                "gridcolor": "#e5e7eb",
            },
            yaxis={"automargin": True},
            legend={
                "orientation": "h",
                "x": 0,
                "y": 1.02,
                "yanchor": "bottom",
                "traceorder": "normal",
            },
            margin={"l": 10, "r": 10, "t": 60, "b": 40},
        ),
    }


def _axis_label(option: str) -> str:
    """The option's name on two lines, so that on a phone the bars keep most of the width."""
    words = OPTION_LABELS[option].split(" ")
    if len(words) < 2:
        return OPTION_LABELS[option]
    lines = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    first, second = min(lines, key=lambda pair: max(len(pair[0]), len(pair[1])))
    return f"{first}<br>{second}"


OPTION_COLOURS = {"open": "#2f9e44", "closed": "#3b5bdb", "hybrid": "#9c36b5"}
OPTION_FILLS = {
    "open": "rgba(47,158,68,0.15)",
    "closed": "rgba(59,91,219,0.15)",
    "hybrid": "rgba(156,54,181,0.15)",
}


def cost_fan_figure(summary: dict[str, Any]) -> dict[str, object]:
    """Cumulative cost per option over the horizon: P10–P90 band and the median."""
    months = list(range(1, int(summary["horizon_months"]) + 1))
    traces: list[dict[str, object]] = []
    for option, label in OPTION_LABELS.items():
        cumulative = summary["options"][option]["cumulative"]
        traces += [
            {
                "type": "scatter",
                "x": months,
                "y": cumulative["p90"],
                "mode": "lines",
                "line": {"width": 0},
                "hoverinfo": "skip",
                "showlegend": False,
                "legendgroup": option,
            },
            {
                "type": "scatter",
                "x": months,
                "y": cumulative["p10"],
                "mode": "lines",
                "line": {"width": 0},
                "fill": "tonexty",
                "fillcolor": OPTION_FILLS[option],
                "name": f"{option} P10–P90",
                "legendgroup": option,
                "showlegend": False,
                "hoverinfo": "skip",
            },
            {
                "type": "scatter",
                "x": months,
                "y": cumulative["p50"],
                "mode": "lines",
                "name": label,
                "legendgroup": option,
                "line": {"color": OPTION_COLOURS[option], "width": 2.5},
                "hovertemplate": f"{option}, month %{{x}}: median $%{{y:,.0f}}<extra></extra>",
            },
        ]
    return {
        "data": traces,
        "layout": _layout(
            height=380,
            xaxis={"automargin": True, "title": {"text": "month"}, "gridcolor": "#e5e7eb"},
            yaxis={
                "automargin": True,
                "title": {"text": "cumulative cost (USD)"},
                "gridcolor": "#e5e7eb",
                "tickprefix": "$",
                "separatethousands": True,
                "rangemode": "tozero",
            },
            legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
            margin={"l": 10, "r": 10, "t": 40, "b": 40},
            hovermode="x unified",
        ),
    }


def horizon_spread_figure(summary: dict[str, Any]) -> dict[str, object]:
    """Cost at the horizon per option: the P10–P90 range as a bar, the median as a mark."""
    options = list(OPTION_LABELS)
    horizon = {o: summary["options"][o]["cumulative"] for o in options}
    p10 = [horizon[o]["p10"][-1] for o in options]
    p50 = [horizon[o]["p50"][-1] for o in options]
    p90 = [horizon[o]["p90"][-1] for o in options]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": options,
                "base": p10,
                "x": [high - low for low, high in zip(p10, p90, strict=True)],
                "marker": {"color": [OPTION_FILLS[o].replace("0.15", "0.45") for o in options]},
                "name": "P10–P90",
                "customdata": list(zip(p10, p90, strict=True)),
                "hovertemplate": "%{y}: $%{customdata[0]:,.0f} – $%{customdata[1]:,.0f}"
                "<extra>P10–P90</extra>",
            },
            {
                "type": "scatter",
                "mode": "markers",
                "y": options,
                "x": p50,
                "name": "median",
                "marker": {
                    "symbol": "line-ns-open",
                    "size": 22,
                    "color": "#1f2933",
                    "line": {"width": 3},
                },
                "hovertemplate": "%{y}: median $%{x:,.0f}<extra></extra>",
            },
        ],
        "layout": _layout(
            height=220,
            showlegend=False,
            xaxis={
                "title": {"text": f"cost over {summary['horizon_months']} months (USD)"},
                "tickprefix": "$",
                "separatethousands": True,
                "gridcolor": "#e5e7eb",
                "rangemode": "tozero",
            },
            yaxis={"automargin": True},
            margin={"l": 10, "r": 10, "t": 10, "b": 40},
        ),
    }


def cheapest_figure(summary: dict[str, Any]) -> dict[str, object]:
    options = list(OPTION_LABELS)
    shares = [summary["options"][o]["p_cheapest"] for o in options]
    return {
        "data": [
            {
                "type": "bar",
                "x": options,
                "y": shares,
                "marker": {"color": [OPTION_COLOURS[o] for o in options]},
                "text": [f"{share:.0%}" for share in shares],
                "textposition": "outside",
                "hovertemplate": "%{x}: cheapest in %{y:.1%} of trials<extra></extra>",
            }
        ],
        "layout": _layout(
            height=220,
            yaxis={
                "automargin": True,
                "range": [0, 1.15],
                "tickformat": ".0%",
                "gridcolor": "#e5e7eb",
                "title": {"text": "share of trials cheapest"},
            },
            margin={"l": 10, "r": 10, "t": 10, "b": 30},
        ),
    }


def tornado_figure(points: Sequence[FlipPoint]) -> dict[str, object]:
    """For each criterion, the range of its weight over which the winner stays first; the
    narrowest ranges (the decision is most sensitive to them) on top."""
    ordered = sorted(points, key=lambda p: p.high - p.low, reverse=True)
    names = [AREAS_BY_CRITERION[p.criterion].title for p in ordered]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": names,
                "base": [p.low for p in ordered],
                "x": [p.high - p.low for p in ordered],
                "marker": {
                    "color": [CRITERION_COLOURS[p.criterion] for p in ordered],
                    "opacity": 0.55,
                },
                "customdata": [[p.low, p.high] for p in ordered],
                "hovertemplate": "%{y}: winner unchanged from %{customdata[0]:.0%} to "
                "%{customdata[1]:.0%}<extra></extra>",
                "name": "winner unchanged",
            },
            {
                "type": "scatter",
                "mode": "markers",
                "y": names,
                "x": [p.weight for p in ordered],
                "marker": {
                    "symbol": "line-ns-open",
                    "size": 22,
                    "color": "#1f2933",
                    "line": {"width": 3},
                },
                "hovertemplate": "%{y}: weight now %{x:.0%}<extra></extra>",
                "name": "weight now",
            },
        ],
        "layout": _layout(
            height=100 + 45 * len(ordered),
            showlegend=False,
            xaxis={
                "automargin": True,
                "range": [0, 1],
                "fixedrange": True,
                # Labels every 50 % fit a phone-wide plot; the minor grid marks the quarters.
                "tickmode": "array",
                "tickvals": [0, 0.5, 1],
                "tickangle": 0,
                "tickformat": ".0%",
                "gridcolor": "#e5e7eb",
                "minor": {
                    "tickmode": "array",
                    "tickvals": [0.25, 0.75],
                    "showgrid": True,
                    "gridcolor": "#f1f3f5",
                },
                "zeroline": False,
                # Two short lines: one long line is wider than the plot in a half-width card.
                "title": {"text": "weight of the criterion<br>(the others rescaled)"},
            },
            yaxis={"automargin": True, "fixedrange": True},
            # Room on the right for the "100%" tick label, which plotly drops when it overflows.
            margin={"l": 10, "r": 28, "t": 10, "b": 50},
        ),
    }


def robustness_figure(robustness: Robustness | None) -> dict[str, object] | None:
    if robustness is None:
        return None
    options = list(robustness.p_first)
    return {
        "data": [
            {
                "type": "bar",
                "x": options,
                "y": [robustness.p_first[o] for o in options],
                "marker": {"color": [OPTION_COLOURS[o] for o in options]},
                "text": [f"{robustness.p_first[o]:.0%}" for o in options],
                "textposition": "outside",
                "hovertemplate": "%{x} ranks first in %{y:.1%} of weightings<extra></extra>",
            }
        ],
        "layout": _layout(
            height=240,
            yaxis={
                "automargin": True,
                "range": [0, 1.15],
                "tickformat": ".0%",
                "gridcolor": "#e5e7eb",
                "title": {"text": "ranks first"},
            },
            margin={"l": 10, "r": 10, "t": 10, "b": 30},
        ),
    }
