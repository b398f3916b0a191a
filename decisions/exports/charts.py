"""The charts of an exported record: the web pages' plotly figures (``decisions.charts``),
made from the record's document, drawn to SVG by kaleido in a headless Chromium, each with its
data as a table for when no Chromium can draw it.

One Chromium is kept per process (a Celery worker, the CLI) and reused by every export: it
costs about a second to start and a tenth of one per chart once it runs. It is kaleido's
``Kaleido`` browser on an event loop of its own; kaleido's ``start_sync_server`` is not used
because a browser that fails to start leaves its callers waiting forever, where this one
answers within ``RENDER_TIMEOUT_S`` with the reason.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import os
import shutil
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from decisions import charts
from scoring.model import CriterionScore, OptionResult, ScoreResult
from scoring.questions import AREAS_BY_CRITERION, CRITERIA, OPTION_LABELS, OPTIONS
from scoring.sensitivity import FlipPoint, Robustness

logger = logging.getLogger(__name__)
# kaleido and choreographer log every tab and temporary folder at INFO: noise in a worker's log.
for _name in ("kaleido", "choreographer"):
    logging.getLogger(_name).setLevel(logging.WARNING)

# The figures are drawn this wide (CSS pixels) and scaled to the paper: a wide chart to the
# text's width, a narrow one (a few bars) to two thirds of it.
CHART_WIDTH = 760
NARROW_CHART_WIDTH = 520
RENDER_TIMEOUT_S = 60
# Looked for on PATH when BROWSER_PATH (choreographer's own setting) is not set.
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
# The plotly.js the web pages load, so that a chart on paper is drawn as on the screen.
PLOTLY_JS = "vendor/plotly-basic.min.js"


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    description: str  # what it shows, for the image's alt text
    figure: dict[str, Any]
    table: Table  # the same data, for paper without the chart
    narrow: bool = False

    @property
    def height(self) -> int:
        return int(self.figure["layout"]["height"])

    @property
    def width(self) -> int:
        return NARROW_CHART_WIDTH if self.narrow else CHART_WIDTH


class ChartsUnavailable(Exception):
    """No chart could be drawn; the message says why, for the page and the PDF."""


# --- the figures of a record ------------------------------------------------------------------
def record_charts(document: Mapping[str, Any]) -> list[Chart]:
    """The charts of a record, from its document (a frozen snapshot or the record as it
    stands): the results page's figures from the scoring outputs, the simulation page's
    from the cost basis."""
    found: list[Chart] = []
    evaluation = document.get("evaluation")
    if evaluation is not None:
        outputs = evaluation["outputs"]
        result = score_result(outputs)
        if result.ranking:
            found.append(_contributions(result))
        points = [FlipPoint(**point) for point in outputs.get("flip_points", [])]
        if points:
            found.append(_tornado(points))
        detail = outputs.get("robustness_detail")
        if detail:
            robustness = Robustness(**detail)
            figure = charts.robustness_figure(robustness)
            assert figure is not None
            found.append(
                Chart(
                    "robustness",
                    "How sure the ranking is",
                    "Share of plausible weightings in which each option ranks first",
                    figure,
                    Table(
                        ("Option", "Ranks first in"),
                        tuple(
                            (OPTION_LABELS[o], _percent(p)) for o, p in robustness.p_first.items()
                        ),
                    ),
                    narrow=True,
                )
            )
    basis = document.get("cost_basis")
    if basis and basis.get("summary"):
        found += _cost_charts(basis["summary"])
    return found


def score_result(outputs: Mapping[str, Any]) -> ScoreResult:
    """The numbers of a stored result as the figures read them (reasons are left out: the
    figures draw none)."""
    options = {
        option: OptionResult(
            option=option,
            feasible=entry["feasible"],
            score=entry.get("score"),
            rank=entry.get("rank"),
            criteria=tuple(
                CriterionScore(criterion, **entry["criteria"][criterion])
                for criterion in CRITERIA
                if criterion in entry["criteria"]
            ),
            reasons=(),
            knockouts=(),
            remedy=None,
        )
        for option, entry in outputs["options"].items()
    }
    ranking = tuple(
        sorted((o for o in OPTIONS if options[o].feasible), key=lambda o: options[o].rank or 0)
    )
    return ScoreResult(
        model_version=outputs["model_version"],
        weights=outputs["weights"],
        options=options,
        ranking=ranking,
        costs=outputs["tco"]["cumulative_cost_usd"],
        tco_basis=outputs["tco"]["basis"],
    )


def _contributions(result: ScoreResult) -> Chart:
    titles = tuple(AREAS_BY_CRITERION[c].title for c in CRITERIA)
    return Chart(
        "contributions",
        "What each criterion contributed",
        "Stacked bars: each option's score split into the criteria's contributions",
        charts.contributions_figure(result),
        Table(
            ("Option", *titles, "Total"),
            tuple(
                (
                    OPTION_LABELS[o],
                    *(f"{result.options[o].criterion(c).contribution:.3f}" for c in CRITERIA),
                    f"{result.options[o].score:.3f}",
                )
                for o in result.ranking
            ),
        ),
    )


def _tornado(points: Sequence[FlipPoint]) -> Chart:
    return Chart(
        "flip_points",
        "How far the weights may move",
        "For each criterion, the range of its weight over which the winner stays first",
        charts.tornado_figure(points),
        Table(
            ("Criterion", "Weight now", "Winner stays first from", "to"),
            tuple(
                (
                    AREAS_BY_CRITERION[p.criterion].title,
                    _percent(p.weight),
                    _percent(p.low),
                    _percent(p.high),
                )
                for p in points
            ),
        ),
    )


def _cost_charts(summary: Mapping[str, Any]) -> list[Chart]:
    months = int(summary["horizon_months"])
    shown = sorted({1, *range(6, months, 6), months})

    def cumulative(option: str, percentile: str, month: int) -> float:
        return float(summary["options"][option]["cumulative"][percentile][month - 1])

    return [
        Chart(
            "cost_fan",
            "Cumulative cost over time",
            "Median cumulative cost per option with its P10–P90 band",
            charts.cost_fan_figure(dict(summary)),
            Table(
                ("Month", *(f"{OPTION_LABELS[o]}: median (P10–P90)" for o in OPTIONS)),
                tuple(
                    (
                        str(month),
                        *(
                            f"{_usd(cumulative(o, 'p50', month))} "
                            f"({_usd(cumulative(o, 'p10', month))}–"
                            f"{_usd(cumulative(o, 'p90', month))})"
                            for o in OPTIONS
                        ),
                    )
                    for month in shown
                ),
            ),
        ),
        Chart(
            "cost_spread",
            "Cost at the horizon",
            "P10–P90 range and median of each option's cost at the horizon",
            charts.horizon_spread_figure(dict(summary)),
            Table(
                ("Option", "P10", "Median", "P90"),
                tuple(
                    (
                        OPTION_LABELS[o],
                        *(_usd(cumulative(o, p, months)) for p in ("p10", "p50", "p90")),
                    )
                    for o in OPTIONS
                ),
            ),
            narrow=True,
        ),
        Chart(
            "cheapest",
            "How often each option is cheapest",
            "Share of trials in which each option is cheapest",
            charts.cheapest_figure(dict(summary)),
            Table(
                ("Option", "Cheapest in"),
                tuple(
                    (OPTION_LABELS[o], _percent(summary["options"][o]["p_cheapest"]))
                    for o in OPTIONS
                ),
            ),
            narrow=True,
        ),
    ]


def _percent(value: float) -> str:
    return f"{value * 100:.0f} %"


def _usd(value: float) -> str:
    return f"${value:,.0f}"


# --- drawing them -----------------------------------------------------------------------------
def browser_path() -> str:
    """The Chromium that draws the charts: BROWSER_PATH when set (choreographer's setting;
    tests and deployments point it elsewhere, or at nothing), otherwise the first browser
    found on PATH. Raises ChartsUnavailable with the reason when there is none."""
    configured = os.environ.get("BROWSER_PATH")
    if configured is not None:
        if configured and os.access(configured, os.X_OK) and Path(configured).is_file():
            return configured
        raise ChartsUnavailable(f"no Chromium at BROWSER_PATH={configured!r}")
    for name in BROWSER_NAMES:
        if found := shutil.which(name):
            return found
    raise ChartsUnavailable("no Chromium was found on this machine (install chromium)")


class ChartRenderer:
    """A headless Chromium kept for the life of the process, drawing plotly figures to SVG.

    Calls are serialised: one browser, one tab. A browser that fails or hangs is closed,
    and the next call starts a new one."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido: Any = None
        self._path = ""

    def render(
        self, figures: Sequence[Chart], *, timeout: float = RENDER_TIMEOUT_S
    ) -> dict[str, str]:
        """``{name: svg}`` for every chart; ChartsUnavailable (with the reason) otherwise."""
        path = browser_path()
        with self._lock:
            try:
                if self._kaleido is None or self._path != path:
                    self._stop()
                    self._run(self._start(path), timeout)
                return self._run(self._draw(figures), timeout)
            except ChartsUnavailable:
                self._stop()
                raise
            except Exception as error:
                logger.warning("Chromium could not draw the charts: %r", error)
                self._stop()
                raise ChartsUnavailable(
                    f"Chromium could not draw them ({_first_line(error)})"
                ) from error

    def stop(self) -> None:
        with self._lock:
            self._stop()

    def _run(self, coroutine: Any, timeout: float) -> Any:
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
            threading.Thread(
                target=self._loop.run_forever, name="chart-renderer", daemon=True
            ).start()
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout)
        except FutureTimeout:
            future.cancel()
            raise ChartsUnavailable(f"Chromium did not draw them within {timeout:.0f} s") from None

    async def _start(self, path: str) -> None:
        import kaleido

        plotly_js = Path(settings.BASE_DIR, "static", PLOTLY_JS).resolve()
        browser = kaleido.Kaleido(
            n=1, timeout=RENDER_TIMEOUT_S, plotlyjs=plotly_js.as_uri(), mathjax=False, path=path
        )
        # Kept before it opens: a browser that fails or hangs while opening is closed too.
        self._kaleido = browser
        await browser.open()
        self._path = path

    async def _draw(self, figures: Sequence[Chart]) -> dict[str, str]:
        svgs = {}
        for chart in figures:
            image = await self._kaleido.calc_fig(
                chart.figure,
                opts={"format": "svg", "width": chart.width, "height": chart.height},
            )
            svgs[chart.name] = image.decode()
        return svgs

    def _stop(self) -> None:
        browser, self._kaleido, self._path = self._kaleido, None, ""
        if browser is None or self._loop is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(browser.close(), self._loop).result(10)
        except Exception as error:  # a crashed browser may not close cleanly; it is gone
            logger.warning("Closing the chart browser: %r", error)

    def _forget(self) -> None:
        """In a forked child: the parent's browser and loop thread are not ours."""
        self._lock = threading.Lock()
        self._loop, self._kaleido, self._path = None, None, ""


def _first_line(error: Exception) -> str:
    """An error's own first sentence (choreographer's errors carry several arguments)."""
    first = error.args[0] if error.args and isinstance(error.args[0], str) else str(error)
    return first.strip().splitlines()[0][:200] if first.strip() else type(error).__name__


renderer = ChartRenderer()
atexit.register(renderer.stop)
os.register_at_fork(after_in_child=renderer._forget)


def chart_svgs(figures: Sequence[Chart]) -> dict[str, str]:
    """Draw the charts with the process's Chromium; ChartsUnavailable says why not."""
    if not figures:
        return {}
    return renderer.render(figures)
