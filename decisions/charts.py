"""Plotly figures as plain dicts, shared by the web pages and the exported records.

Plain dicts rather than ``plotly.graph_objects`` keep rendering fast (no validation on
every request); the tests check each figure against plotly's schema.
"""

from __future__ import annotations

from scoring.model import ScoreResult
from scoring.questions import AREAS_BY_CRITERION, CRITERIA, OPTION_LABELS

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
                "y": [OPTION_LABELS[o] for o in options],
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
            xaxis={"title": {"text": "weighted score"}, "range": [0, 1], "gridcolor": "#e5e7eb"},
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
