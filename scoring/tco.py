"""Total cost of ownership, model v1: inputs, defaults, the closed-form calculation and the
Monte Carlo simulation.

Every formula is written down in ``docs/tco-model.md``. In short, for month m = 1..H:

    requests[1] = R;  requests[m] = requests[m-1] * (1 + g/100)
    per_request = (I * p_in + O * p_out) / 1e6
    closed[m] = requests[m] * per_request * (1 + a/100) ** ((m - 1) / 12)
    capacity = tokens_per_s * (utilization/100) * SECONDS_PER_MONTH   (output tokens / GPU)
    gpus(share)[m] = max(min_replicas, ceil(share * requests[m] * O / capacity))
    gpu_month = HOURS_PER_MONTH * gpu_hourly
    staff = mlops_fte * fte_yearly_cost / 12;  fixed[1] = staff + setup + fine_tuning
    fixed[m] = staff for m > 1
    open[m] = gpus(1)[m] * gpu_month + fixed[m]
    hybrid[m] = gpus(s)[m] * gpu_month + fixed[m] + (1 - s) * closed[m]

The simulation draws each uncertain input from its (low, likely, high) range and applies
exactly these formulas, in the same order, so with every range collapsed it reproduces this
calculation bit for bit.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, fields, replace
from functools import partial
from typing import Any

import numpy as np
from numpy.typing import NDArray

from scoring.questions import (
    OPTIONS,
    QUESTIONS_BY_ID,
    Answers,
    FieldError,
    format_number,
    range_text,
)

HOURS_PER_MONTH = 730.0  # 8,760 hours a year / 12
SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600.0
TOKENS_PER_MTOK = 1_000_000.0


@dataclass(frozen=True)
class Range:
    """An uncertain input: low ≤ likely ≤ high. A known value has all three equal."""

    low: float
    likely: float
    high: float

    @classmethod
    def point(cls, value: float) -> Range:
        return cls(value, value, value)

    @property
    def is_point(self) -> bool:
        return self.low == self.likely == self.high

    def as_list(self) -> list[float]:
        return [self.low, self.likely, self.high]


@dataclass(frozen=True)
class InputSpec:
    id: str
    label: str
    unit: str
    minimum: float
    maximum: float
    integer: bool = False
    help: str = ""


INPUT_SPECS: tuple[InputSpec, ...] = (
    InputSpec("requests_per_month", "Requests per month (at start)", "requests", 0, 1e12, True),
    InputSpec("input_tokens", "Input tokens per request", "tokens", 1, 1e7, True),
    InputSpec("output_tokens", "Output tokens per request", "tokens", 1, 1e7, True),
    InputSpec("monthly_growth_pct", "Monthly growth of volume", "%", -50, 500),
    InputSpec("api_price_input_per_mtok", "API price, input", "USD / 1M tokens", 0, 1e4),
    InputSpec("api_price_output_per_mtok", "API price, output", "USD / 1M tokens", 0, 1e4),
    InputSpec(
        "api_price_change_pct_per_year", "Yearly change of API prices", "% per year", -99, 500
    ),
    InputSpec("gpu_hourly_usd", "GPU price", "USD per GPU-hour", 0, 1e4),
    InputSpec("gpu_output_tokens_per_s", "Throughput per GPU", "output tokens/s", 0.001, 1e7),
    InputSpec("gpu_utilization_pct", "Usable share of throughput", "%", 1, 100),
    InputSpec("min_replicas", "Minimum GPUs kept running", "GPUs", 0, 10_000, True),
    InputSpec("setup_cost_usd", "One-off set-up engineering", "USD", 0, 1e10),
    InputSpec("fine_tuning_cost_usd", "One-off fine-tuning", "USD", 0, 1e10),
    InputSpec("mlops_fte", "MLOps staff", "FTE", 0, 1_000),
    InputSpec("fte_yearly_cost_usd", "Yearly cost per FTE", "USD", 0, 1e8),
    InputSpec("hybrid_self_hosted_share_pct", "Hybrid: share of traffic self-hosted", "%", 0, 100),
)
INPUT_SPECS_BY_ID: Mapping[str, InputSpec] = {spec.id: spec for spec in INPUT_SPECS}
HORIZON_LIMITS = (1, 120)


@dataclass(frozen=True)
class TcoInputs:
    requests_per_month: Range
    input_tokens: Range
    output_tokens: Range
    monthly_growth_pct: Range
    api_price_input_per_mtok: Range
    api_price_output_per_mtok: Range
    api_price_change_pct_per_year: Range
    gpu_hourly_usd: Range
    gpu_output_tokens_per_s: Range
    gpu_utilization_pct: Range
    min_replicas: Range
    setup_cost_usd: Range
    fine_tuning_cost_usd: Range
    mlops_fte: Range
    fte_yearly_cost_usd: Range
    hybrid_self_hosted_share_pct: Range
    horizon_months: int

    def ranges(self) -> dict[str, Range]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "horizon_months"}

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {key: r.as_list() for key, r in self.ranges().items()}
        data["horizon_months"] = self.horizon_months
        return data


@dataclass(frozen=True)
class Source:
    """Where a default comes from, so a board can check it."""

    text: str
    date: str


PRICE_SOURCE = Source(
    "LiteLLM model price list (litellm 1.110.2): gpt-5 $1.25/$10, gpt-4.1 $2/$8, "
    "claude-sonnet-4-5 $3/$15 per 1M input/output tokens",
    "2026-11-28",
)
ASSUMPTION = Source(
    "openweigh assumption; replace with your own quote or measurement", "2026-11-28"
)
FROM_ANSWERS = Source("from the questionnaire", "")
NOT_ANSWERED = Source(
    "openweigh default: not answered in the questionnaire yet; replace with your estimate", ""
)


def default_inputs(answers: Answers) -> tuple[TcoInputs, dict[str, Source]]:
    """TCO inputs prefilled from the questionnaire, with the source of every default.

    Volumes come from the answers. Prices and costs are defaults; GPU figures depend on the
    infrastructure already in place, staff on the ML team, fine-tuning on the adaptation,
    and the minimum number of GPUs on the availability target.
    """
    # The answers the defaults depend on, with what is assumed while they are open.
    behind = {
        question_id: str(answers.get(question_id, assumed))
        for question_id, assumed in (
            ("gpu_infrastructure", "none"),
            ("ml_team", "small"),
            ("adaptation", "prompting"),
            ("availability", "99.0"),
        )
    }
    gpu_infrastructure, ml_team, adaptation, availability = behind.values()

    def said(question_id: str) -> str:
        """The answer behind a default, in the question bank's words."""
        return QUESTIONS_BY_ID[question_id].label_of(behind[question_id])

    def answer_number(question_id: str, fallback: float) -> float:
        value = answers.get(question_id, fallback)
        assert isinstance(value, int | float)
        return float(value)

    setup = {
        "none": Range(80_000, 150_000, 250_000),
        "some": Range(30_000, 60_000, 100_000),
        "substantial": Range(10_000, 25_000, 50_000),
    }[gpu_infrastructure]
    gpu_hourly = {
        "none": Range(2.0, 3.0, 4.5),
        "some": Range(1.8, 2.5, 3.5),
        # Owned GPUs, amortised: cheaper per hour than renting.
        "substantial": Range(1.2, 1.8, 2.5),
    }[gpu_infrastructure]
    mlops_fte = {
        "none": Range(1.0, 1.5, 2.0),
        "small": Range(0.5, 1.0, 1.5),
        "strong": Range(0.25, 0.5, 1.0),
    }[ml_team]
    fine_tuning = {
        "prompting": Range.point(0),
        "retrieval": Range.point(0),
        "fine_tuning": Range(5_000, 20_000, 60_000),
        "deep": Range(100_000, 300_000, 800_000),
    }[adaptation]
    min_replicas = {"best_effort": 1, "99.0": 1, "99.9": 2, "99.99": 3}[availability]

    inputs = TcoInputs(
        requests_per_month=Range.point(answer_number("requests_per_month", 100_000)),
        input_tokens=Range.point(answer_number("input_tokens", 1_000)),
        output_tokens=Range.point(answer_number("output_tokens", 300)),
        monthly_growth_pct=Range.point(answer_number("monthly_growth_pct", 0)),
        api_price_input_per_mtok=Range(1.25, 2.0, 3.0),
        api_price_output_per_mtok=Range(8.0, 10.0, 15.0),
        api_price_change_pct_per_year=Range(-40, -20, 0),
        gpu_hourly_usd=gpu_hourly,
        gpu_output_tokens_per_s=Range(400, 800, 1_600),
        gpu_utilization_pct=Range(40, 60, 75),
        min_replicas=Range.point(min_replicas),
        setup_cost_usd=setup,
        fine_tuning_cost_usd=fine_tuning,
        mlops_fte=mlops_fte,
        fte_yearly_cost_usd=Range(150_000, 190_000, 240_000),
        hybrid_self_hosted_share_pct=Range(30, 50, 70),
        horizon_months=int(answer_number("horizon_months", 36)),
    )
    sources = {
        question_id: FROM_ANSWERS if question_id in answers else NOT_ANSWERED
        for question_id in (
            "requests_per_month",
            "input_tokens",
            "output_tokens",
            "monthly_growth_pct",
            "horizon_months",
        )
    } | {
        "api_price_input_per_mtok": PRICE_SOURCE,
        "api_price_output_per_mtok": PRICE_SOURCE,
        "api_price_change_pct_per_year": Source(
            "openweigh assumption: list prices of API models have tended to fall", "2026-11-28"
        ),
        "gpu_hourly_usd": Source(
            f"openweigh assumption for GPU infrastructure “{said('gpu_infrastructure')}” "
            "(H100-class, on demand or amortised); replace with your quote",
            "2026-11-28",
        ),
        "gpu_output_tokens_per_s": Source(
            "openweigh assumption: a 70B-class model with continuous batching on one "
            "H100-class GPU; measure your own",
            "2026-11-28",
        ),
        "gpu_utilization_pct": ASSUMPTION,
        "min_replicas": Source(f"from availability “{said('availability')}”", ""),
        "setup_cost_usd": Source(
            f"openweigh assumption for GPU infrastructure “{said('gpu_infrastructure')}”",
            "2026-11-28",
        ),
        "fine_tuning_cost_usd": Source(
            f"openweigh assumption for adaptation “{said('adaptation')}”", "2026-11-28"
        ),
        "mlops_fte": Source(f"openweigh assumption for ML team “{said('ml_team')}”", "2026-11-28"),
        "fte_yearly_cost_usd": ASSUMPTION,
        "hybrid_self_hosted_share_pct": ASSUMPTION,
    }
    return inputs, sources


class TcoInputsInvalid(ValueError):
    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(str(error) for error in errors))


def _parse_number(value: object, spec: InputSpec | None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a number")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("must be a finite number")
    if spec is not None:
        if not spec.minimum <= number <= spec.maximum:
            raise ValueError(f"must be {range_text(spec.minimum, spec.maximum, spec.unit)}")
        if spec.integer and not number.is_integer():
            raise ValueError("must be a whole number")
    return number


def parse_range(field_id: str, value: object) -> Range:
    """``[low, likely, high]`` or a plain number; raises ValueError with a user message."""
    spec = INPUT_SPECS_BY_ID[field_id]
    if isinstance(value, list | tuple):
        if len(value) != 3:
            raise ValueError("must be a number or [low, likely, high]")
        parsed, wrong = [], []
        for part, number in zip(("low", "likely", "high"), value, strict=True):
            try:
                parsed.append(_parse_number(number, spec))
            except ValueError as error:
                wrong.append(f"{part} {error}")  # every wrong part is named, not the first
        if wrong:
            raise ValueError("; ".join(wrong))
        low, likely, high = parsed
        if low > high:
            raise ValueError(f"low ({format_number(low)}) is above high ({format_number(high)})")
        if not low <= likely <= high:
            raise ValueError(f"likely ({format_number(likely)}) must lie between low and high")
        return Range(low, likely, high)
    return Range.point(_parse_number(value, spec))


def merge_inputs(base: TcoInputs, overrides: object) -> TcoInputs:
    """Apply a ``tco`` document (``{"gpu_hourly_usd": [2, 3, 4], ...}``) over ``base``."""
    if not isinstance(overrides, Mapping):
        raise TcoInputsInvalid([FieldError("tco", "must be an object of input ids")])
    errors: list[FieldError] = []
    changes: dict[str, object] = {}
    for key, value in overrides.items():
        if key == "horizon_months":
            try:
                number = _parse_number(value, None)
                if not number.is_integer():
                    raise ValueError("must be a whole number of months")
                if not HORIZON_LIMITS[0] <= number <= HORIZON_LIMITS[1]:
                    raise ValueError(f"must be {range_text(*HORIZON_LIMITS, 'months')}")
                changes[key] = int(number)
            except ValueError as error:
                errors.append(FieldError(f"tco.{key}", str(error)))
            continue
        if key not in INPUT_SPECS_BY_ID:
            errors.append(FieldError(f"tco.{key}", "unknown input id"))
            continue
        try:
            changes[key] = parse_range(key, value)
        except ValueError as error:
            errors.append(FieldError(f"tco.{key}", str(error)))
    if errors:
        raise TcoInputsInvalid(errors)
    return replace(base, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class CostPaths:
    """Monthly cost per option, month 1 first, from the closed-form calculation."""

    monthly: Mapping[str, tuple[float, ...]]
    total_tokens: float

    def cumulative(self, option: str) -> tuple[float, ...]:
        running = 0.0
        out: list[float] = []
        for cost in self.monthly[option]:
            running += cost
            out.append(running)
        return tuple(out)

    def total(self, option: str) -> float:
        return self.cumulative(option)[-1]

    def cheapest(self) -> str:
        """The option with the lowest cumulative cost at the horizon; ties go to the first."""
        return min(OPTIONS, key=self.total)

    def cost_per_mtok(self, option: str) -> float | None:
        """Cumulative cost at the horizon per 1M tokens (input + output); None without tokens."""
        if self.total_tokens <= 0:
            return None
        return self.total(option) / self.total_tokens * TOKENS_PER_MTOK

    def break_even_month(self) -> int | None:
        """First month in which open's cumulative cost is at or below closed's."""
        for month, (open_cost, closed_cost) in enumerate(
            zip(self.cumulative("open"), self.cumulative("closed"), strict=True), start=1
        ):
            if open_cost <= closed_cost:
                return month
        return None


def closed_form_costs(inputs: TcoInputs) -> CostPaths:
    """The TCO model evaluated at each input's likely value.

    This is the reference the simulation is checked against: ``simulate`` applies the same
    operations in the same order, so with every range collapsed it gives these numbers
    bit for bit.
    """
    v = {key: float(r.likely) for key, r in inputs.ranges().items()}
    per_request = (
        v["input_tokens"] * v["api_price_input_per_mtok"]
        + v["output_tokens"] * v["api_price_output_per_mtok"]
    ) / TOKENS_PER_MTOK
    capacity = v["gpu_output_tokens_per_s"] * (v["gpu_utilization_pct"] / 100) * SECONDS_PER_MONTH
    gpu_month = HOURS_PER_MONTH * v["gpu_hourly_usd"]
    staff = v["mlops_fte"] * v["fte_yearly_cost_usd"] / 12
    one_off = v["setup_cost_usd"] + v["fine_tuning_cost_usd"]
    share = v["hybrid_self_hosted_share_pct"] / 100
    growth = 1 + v["monthly_growth_pct"] / 100
    price_change = 1 + v["api_price_change_pct_per_year"] / 100

    monthly: dict[str, list[float]] = {option: [] for option in OPTIONS}
    requests = v["requests_per_month"]
    total_requests = 0.0
    for month in range(1, inputs.horizon_months + 1):
        if month > 1:
            requests = requests * growth
        closed = requests * per_request * price_change ** ((month - 1) / 12)
        output_tokens = requests * v["output_tokens"]
        gpus_open = max(v["min_replicas"], math.ceil(output_tokens / capacity))
        gpus_hybrid = max(v["min_replicas"], math.ceil(share * output_tokens / capacity))
        fixed = staff + (one_off if month == 1 else 0.0)
        monthly["open"].append(gpus_open * gpu_month + fixed)
        monthly["closed"].append(closed)
        monthly["hybrid"].append(gpus_hybrid * gpu_month + fixed + (1 - share) * closed)
        total_requests += requests
    return CostPaths(
        monthly={option: tuple(costs) for option, costs in monthly.items()},
        total_tokens=total_requests * (v["input_tokens"] + v["output_tokens"]),
    )


def cost_fits(totals: Mapping[str, float], feasible: tuple[str, ...]) -> dict[str, float]:
    """TCO fit u = cheapest feasible cost / own cost (1.0 for the cheapest)."""
    candidates = [totals[option] for option in feasible] or list(totals.values())
    cheapest = min(candidates)
    fits: dict[str, float] = {}
    for option, cost in totals.items():
        if cost <= 0:
            fits[option] = 1.0
        else:
            fits[option] = min(1.0, max(cheapest, 0.0) / cost)
    return fits


# --- Monte Carlo simulation ---------------------------------------------------------------
# ``simulate`` draws every uncertain input once per trial and runs the closed-form model above
# on a block of trials at a time, month by month (numpy, one value per trial). Each month's
# costs are tallied into percentile bands and then overwritten by the next month's, so no
# trials × months array is ever held. See docs/tco-model.md for the distributions.

MIN_TRIALS = 100
MAX_TRIALS = 1_000_000
PERCENTILES = (10, 50, 90)
# Growth is drawn as a monthly factor and kept within the questionnaire's −50 % … +500 %.
GROWTH_FACTOR_LIMITS = (0.5, 6.0)
Z_95 = 1.6448536269514722  # standard normal quantile at 0.95: growth's low and high are P5/P95
# Months whose percentile bands are held at once: a longer horizon takes several passes.
MONTHS_PER_PASS = 36
# Threads that run blocks of trials. numpy releases the GIL in its loops, so two workers
# keep two cores busy; the results do not depend on which thread runs what.
WORKERS = 2

Vector = NDArray[np.float64]
# A known input stays a float (so the collapsed model is the closed form, operation for
# operation); an uncertain one is a vector with one value per trial.
Param = float | Vector


@dataclass(frozen=True)
class Percentiles:
    """P10 / P50 / P90 of a cost per month, month 1 first."""

    p10: tuple[float, ...]
    p50: tuple[float, ...]
    p90: tuple[float, ...]

    def to_json(self) -> dict[str, list[float]]:
        return {"p10": list(self.p10), "p50": list(self.p50), "p90": list(self.p90)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Percentiles:
        return cls(*(tuple(float(x) for x in data[key]) for key in ("p10", "p50", "p90")))


@dataclass(frozen=True)
class OptionSummary:
    """One option's costs over the trials."""

    monthly: Percentiles
    cumulative: Percentiles
    p_cheapest: float  # share of trials in which this option is cheapest at the horizon
    cost_per_mtok_p50: float | None  # median cost per 1M tokens; None without tokens

    def to_json(self) -> dict[str, object]:
        return {
            "monthly": self.monthly.to_json(),
            "cumulative": self.cumulative.to_json(),
            "p_cheapest": self.p_cheapest,
            "cost_per_mtok_p50": self.cost_per_mtok_p50,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> OptionSummary:
        cost = data["cost_per_mtok_p50"]
        return cls(
            monthly=Percentiles.from_json(data["monthly"]),
            cumulative=Percentiles.from_json(data["cumulative"]),
            p_cheapest=float(data["p_cheapest"]),
            cost_per_mtok_p50=None if cost is None else float(cost),
        )


@dataclass(frozen=True)
class BreakEven:
    """When open's cumulative cost first reaches closed's or below. None: not within the
    horizon (a percentile that falls among the trials that never break even)."""

    p10: int | None
    p50: int | None
    p90: int | None
    never_share: float

    def to_json(self) -> dict[str, object]:
        return {"p10": self.p10, "p50": self.p50, "p90": self.p90, "never_share": self.never_share}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> BreakEven:
        def month(value: Any) -> int | None:
            return None if value is None else int(value)

        return cls(
            month(data["p10"]),
            month(data["p50"]),
            month(data["p90"]),
            float(data["never_share"]),
        )


@dataclass(frozen=True)
class TcoSummary:
    """What a simulation reports; ``to_json()`` is the document stored with it."""

    trials: int
    seed: int
    horizon_months: int
    options: Mapping[str, OptionSummary]
    break_even_month: BreakEven

    def median_costs_at_horizon(self) -> dict[str, float]:
        """Median cumulative cost at the horizon per option: the costs behind the TCO fit."""
        return {option: summary.cumulative.p50[-1] for option, summary in self.options.items()}

    def to_json(self) -> dict[str, object]:
        return {
            "trials": self.trials,
            "seed": self.seed,
            "horizon_months": self.horizon_months,
            "options": {option: summary.to_json() for option, summary in self.options.items()},
            "break_even_month": self.break_even_month.to_json(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TcoSummary:
        """Load a stored ``to_json()`` document; ValueError if it is not one."""
        try:
            summary = cls(
                trials=int(data["trials"]),
                seed=int(data["seed"]),
                horizon_months=int(data["horizon_months"]),
                options={
                    option: OptionSummary.from_json(data["options"][option]) for option in OPTIONS
                },
                break_even_month=BreakEven.from_json(data["break_even_month"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"not a TCO summary: {error!r}") from error
        for option in summary.options.values():
            for paths in (option.monthly, option.cumulative):
                if not len(paths.p10) == len(paths.p50) == len(paths.p90) == summary.horizon_months:
                    raise ValueError("not a TCO summary: one value per month expected")
        return summary


# --- Percentiles ---


def percentile_ranks(n: int) -> list[int]:
    """0-based ranks of the order statistics reported as P10, P50 and P90 of n values.

    The q-th percentile is the value at rank floor(q/100 · (n − 1)) of the sorted values,
    which is ``np.percentile(values, q, method="lower")``: always one trial's actual value.
    """
    return [math.floor((n - 1) * (q / 100)) for q in PERCENTILES]


def percentiles(values: Vector) -> list[float]:
    """P10, P50 and P90 of ``values`` (see ``percentile_ranks``)."""
    return order_statistics(values, percentile_ranks(values.size))


SAMPLE_SIZE = 32_768  # values that place the bands (at most; see sample_size)
BAND_SIGMAS = 5.0  # band half-width, in binomial standard deviations of a sample rank
BLOCK_SIZE = 65_536  # values (trials) at a time, few enough to stay in the CPU's cache


def sample_size(n: int) -> int:
    """How many of n values place the bands: more values, narrower bands, but placing them
    takes longer. One in 16, between 4,096 and SAMPLE_SIZE, balances the two."""
    return min(n, SAMPLE_SIZE, max(4_096, n // 16))


def order_statistics(values: Vector, ranks: Sequence[int]) -> list[float]:
    """The value at each 0-based rank of the sorted ``values`` (which hold no NaN): exactly
    ``np.partition(values, rank)[rank]``, several times faster for large arrays."""
    rows = values.reshape(1, -1)
    stride = max(1, values.size // sample_size(values.size))
    bands = RankBands(rows[:, ::stride], ranks, values.size)
    tallies = [
        bands.tally(rows[:, start : start + BLOCK_SIZE])
        for start in range(0, values.size, BLOCK_SIZE)
    ]
    (found,) = bands.values(tallies, lambda row: values)
    return found


@dataclass(frozen=True)
class BandTally:
    """What one block of values contributes to each rank's band, per series."""

    below: NDArray[np.intp]  # [rank, series]: values under the band
    within: NDArray[np.intp]  # [rank, series]: values in the band
    pieces: tuple[tuple[Vector | None, ...], ...]  # [rank][series]: the values in the band;
    # None where the band is a single value (ties): then counting is enough


class RankBands:
    """Exact order statistics of several series of n values each, seen block by block.

    A sample of each series brackets each wanted rank k between two sample values, lo and
    hi, with a margin of ``BAND_SIGMAS`` binomial standard deviations. Each block then counts
    its values below lo and keeps those in [lo, hi]. If, over all blocks, at most k values lie
    below lo and more than k at or below hi, the k-th value is in the band, and a partition of
    the (small) band gives it exactly. Otherwise (an unlucky sample) the whole series is
    partitioned. Either way the answer is ``np.partition(series, k)[k]``.
    """

    def __init__(self, samples: Vector, ranks: Sequence[int], n: int) -> None:
        """``samples``: one row of sample values per series."""
        self.ranks = tuple(ranks)
        m = samples.shape[1]
        positions: list[tuple[int, int]] = []
        for k in self.ranks:
            q = k / (n - 1) if n > 1 else 0.0
            centre = q * (m - 1)
            margin = BAND_SIGMAS * math.sqrt(m * q * (1 - q)) + 1
            positions.append(
                (max(0, math.floor(centre - margin)), min(m - 1, math.ceil(centre + margin)))
            )
        selected = np.partition(samples, sorted({p for pair in positions for p in pair}), axis=1)
        self.lo = selected[:, [lo for lo, _ in positions]].T  # [rank, series]
        self.hi = selected[:, [hi for _, hi in positions]].T
        self.single = self.lo == self.hi

    def tally(self, block: Vector) -> BandTally:
        """``block``: the same columns (trials) of every series, one row per series."""
        size = block.shape[1]
        below = np.empty(self.lo.shape, dtype=np.intp)
        within = np.empty(self.lo.shape, dtype=np.intp)
        pieces: list[tuple[Vector | None, ...]] = []
        at_least_lo = np.empty(block.shape, dtype=np.bool_)
        in_band = np.empty(block.shape, dtype=np.bool_)
        for j in range(len(self.ranks)):
            np.greater_equal(block, self.lo[j, :, None], out=at_least_lo)
            np.less_equal(block, self.hi[j, :, None], out=in_band)
            in_band &= at_least_lo
            # count_nonzero row by row is several times faster than with axis=1
            below[j] = [size - np.count_nonzero(row) for row in at_least_lo]
            row_pieces: list[Vector | None] = []
            for row, (single, mask, values) in enumerate(
                zip(self.single[j], in_band, block, strict=True)
            ):
                if single:
                    within[j, row] = np.count_nonzero(mask)
                    row_pieces.append(None)
                else:
                    piece = np.compress(mask, values)
                    within[j, row] = piece.size
                    row_pieces.append(piece)
            pieces.append(tuple(row_pieces))
        return BandTally(below, within, tuple(pieces))

    def values(
        self, tallies: Sequence[BandTally], everything: Callable[[int], Vector]
    ) -> list[list[float]]:
        """The value at each rank of each series, from the tallies of all blocks.
        ``everything(series)`` gives a whole series, for a rank that falls outside its band."""
        below = np.sum([tally.below for tally in tallies], axis=0)
        within = np.sum([tally.within for tally in tallies], axis=0)
        found: list[list[float]] = []
        for series in range(self.lo.shape[1]):
            values: dict[int, float] = {}
            for j, k in enumerate(self.ranks):
                first = int(below[j, series])
                if not first <= k < first + int(within[j, series]):
                    continue
                if self.single[j, series]:
                    values[k] = float(self.lo[j, series])
                    continue
                band = np.concatenate(
                    [piece for t in tallies if (piece := t.pieces[j][series]) is not None]
                )
                values[k] = float(np.partition(band, k - first)[k - first])
            missing = sorted({k for k in self.ranks if k not in values})
            if missing:
                selected = np.partition(everything(series), missing)
                values.update((k, float(selected[k])) for k in missing)
            found.append([values[k] for k in self.ranks])
        return found


# --- Drawing the inputs ---


def _triangular(uniform: Vector, r: Range) -> Vector:
    """The triangular distribution (low, likely, high), by its inverse CDF at ``uniform``:

    F⁻¹(u) = low + √(u · (high − low) · (likely − low))          for u < F(likely)
           = high − √((1 − u) · (high − low) · (high − likely))  otherwise
    """
    low, mode, high = float(r.low), float(r.likely), float(r.high)
    width = high - low
    # Both branches are computed and the right one kept by arithmetic (rising is 1.0 or
    # 0.0): numpy's branch-free loops are several times faster here than np.where.
    rising = np.less(uniform, (mode - low) / width).astype(np.float64)
    left = uniform * (width * (mode - low))
    np.sqrt(left, out=left)
    left += low
    right = np.subtract(1.0, uniform, out=uniform)
    right *= width * (high - mode)
    np.sqrt(right, out=right)
    np.subtract(high, right, out=right)
    left -= right
    left *= rising
    left += right
    return np.clip(left, low, high, out=left)


def _growth_factor(normal: Vector, r: Range) -> Vector:
    """Monthly growth factor 1 + g/100: a two-piece lognormal with median 1 + likely/100 and
    low and high as its 5th and 95th percentiles, clipped to the allowed growth."""
    median = 1 + r.likely / 100
    sigma_below = math.log(median / (1 + r.low / 100)) / Z_95
    sigma_above = math.log((1 + r.high / 100) / median) / Z_95
    exponent = np.maximum(normal, 0.0) * sigma_above
    exponent += np.minimum(normal, 0.0) * sigma_below
    factor = np.exp(exponent, out=exponent)
    factor *= median
    return np.clip(factor, *GROWTH_FACTOR_LIMITS, out=factor)


def _draw(input_id: str, r: Range, rng: np.random.Generator, trials: int) -> Param:
    """One input for every trial, in its own unit; growth as the factor 1 + g/100."""
    if input_id == "monthly_growth_pct":
        return 1 + r.likely / 100 if r.is_point else _growth_factor(rng.standard_normal(trials), r)
    if r.is_point:
        return float(r.likely)
    values = _triangular(rng.random(trials), r)
    if input_id == "min_replicas":
        np.rint(values, out=values)  # a count of GPUs
    return values


@dataclass(frozen=True)
class _Trials:
    """The model's quantities per trial, named as in ``closed_form_costs``: a float where
    the inputs behind it are known, else one value per trial."""

    requests: Param
    growth: Param
    per_request: Param
    price_change: Param
    output_tokens: Param
    tokens_per_request: Param
    capacity: Param
    min_replicas: Param
    gpu_month: Param
    staff: Param
    one_off: Param
    share: Param
    api_share: Param

    def block(self, block: slice) -> _Trials:
        """The same quantities for the trials in ``block`` only (views, not copies)."""
        return _Trials(
            **{
                f.name: value if isinstance(value := getattr(self, f.name), float) else value[block]
                for f in fields(self)
            }
        )


def _draw_trials(inputs: TcoInputs, seed: int, block: int, size: int) -> _Trials:
    """Draw the inputs of the ``size`` trials of block number ``block``.

    Each input has its own random stream per block, spawned from the seed (the child
    ``(input, block)``, inputs in INPUT_SPECS order): a block's draws do not depend on which
    thread draws them or when, and narrowing one range leaves the other inputs' draws as
    they were.
    """
    v = {
        spec.id: _draw(
            spec.id,
            getattr(inputs, spec.id),
            np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(i, block))),
            size,
        )
        for i, spec in enumerate(INPUT_SPECS)
    }
    share = v["hybrid_self_hosted_share_pct"] / 100
    return _Trials(
        requests=v["requests_per_month"],
        growth=v["monthly_growth_pct"],
        per_request=(
            v["input_tokens"] * v["api_price_input_per_mtok"]
            + v["output_tokens"] * v["api_price_output_per_mtok"]
        )
        / TOKENS_PER_MTOK,
        price_change=1 + v["api_price_change_pct_per_year"] / 100,
        output_tokens=v["output_tokens"],
        tokens_per_request=v["input_tokens"] + v["output_tokens"],
        capacity=v["gpu_output_tokens_per_s"]
        * (v["gpu_utilization_pct"] / 100)
        * SECONDS_PER_MONTH,
        min_replicas=v["min_replicas"],
        gpu_month=HOURS_PER_MONTH * v["gpu_hourly_usd"],
        staff=v["mlops_fte"] * v["fte_yearly_cost_usd"] / 12,
        one_off=v["setup_cost_usd"] + v["fine_tuning_cost_usd"],
        share=share,
        api_share=1 - share,
    )


# --- The model, month by month, for a block of trials ---


@dataclass(frozen=True)
class _BlockMonth:
    """One month of a block of trials. The arrays are overwritten by the next month."""

    month: int
    costs: Vector  # one row per summarised series (SERIES), one column per trial
    total_requests: Vector  # so far
    tokens_per_request: Param
    broke_even: int  # trials in which open's cumulative cost first reached closed's or below

    def cumulative(self, option: str) -> Vector:
        row: Vector = self.costs[SERIES.index(("cumulative", option))]
        return row

    def tokens(self) -> Vector:
        """Input and output tokens so far."""
        return self.total_requests * self.tokens_per_request


# The costs summarised per month: monthly per option, then cumulative per option.
SERIES: tuple[tuple[str, str], ...] = tuple(
    (kind, option) for kind in ("monthly", "cumulative") for option in OPTIONS
)


def _block_months(t: _Trials, size: int, horizon: int) -> Iterator[_BlockMonth]:
    """Months 1..horizon for ``size`` trials, computed as ``closed_form_costs`` computes them
    for one: the same operations in the same order, one value per trial."""
    requests = np.empty(size)
    requests[...] = t.requests
    costs = np.zeros((len(SERIES), size))
    monthly = {option: costs[SERIES.index(("monthly", option))] for option in OPTIONS}
    cumulative = {option: costs[SERIES.index(("cumulative", option))] for option in OPTIONS}
    total_requests = np.zeros(size)
    never_broke_even = np.ones(size, dtype=np.bool_)
    # A known yearly price change is applied exactly as in the closed form; an uncertain one
    # through its monthly step (1 + a/100) ** (1/12), multiplied up month by month: one
    # multiplication instead of a power per month, equal up to rounding.
    price_step = None if isinstance(t.price_change, float) else np.power(t.price_change, 1 / 12)
    running_price_factor = np.ones(size)

    for month in range(1, horizon + 1):
        if month > 1:
            requests *= t.growth
        price_factor: Param
        if price_step is None:
            assert isinstance(t.price_change, float)
            price_factor = t.price_change ** ((month - 1) / 12)
        else:
            if month > 1:
                running_price_factor *= price_step
            price_factor = running_price_factor
        closed = np.multiply(requests * t.per_request, price_factor, out=monthly["closed"])
        output_tokens = requests * t.output_tokens
        gpus_open = np.maximum(t.min_replicas, np.ceil(output_tokens / t.capacity))
        gpus_hybrid = np.maximum(t.min_replicas, np.ceil(t.share * output_tokens / t.capacity))
        fixed = t.staff + t.one_off if month == 1 else t.staff
        np.add(gpus_open * t.gpu_month, fixed, out=monthly["open"])
        np.add(gpus_hybrid * t.gpu_month + fixed, t.api_share * closed, out=monthly["hybrid"])
        for option in OPTIONS:
            cumulative[option] += monthly[option]
        total_requests += requests
        broke_even = (cumulative["open"] <= cumulative["closed"]) & never_broke_even
        never_broke_even ^= broke_even
        yield _BlockMonth(
            month, costs, total_requests, t.tokens_per_request, int(np.count_nonzero(broke_even))
        )


def _blocks(trials: int) -> list[slice]:
    """Equal blocks of at most BLOCK_SIZE trials; at least four when there are enough trials,
    so that the workers share the work evenly. (The draws depend on the blocks, so this must
    depend on nothing but the number of trials.)"""
    count = max(math.ceil(trials / BLOCK_SIZE), min(4, trials // 8_192), 1)
    size = math.ceil(trials / count)
    return [slice(start, min(start + size, trials)) for start in range(0, trials, size)]


def _series_in_month(inputs: TcoInputs, seed: int, trials: int, month: int, series: int) -> Vector:
    """One summarised series of one month for all trials, drawn and computed again."""
    values = np.empty(trials)
    for index, block in enumerate(_blocks(trials)):
        size = block.stop - block.start
        for state in _block_months(_draw_trials(inputs, seed, index, size), size, month):
            if state.month == month:
                values[block] = state.costs[series]
    return values


# --- The simulation ---


def simulate(
    inputs: TcoInputs,
    *,
    trials: int,
    seed: int,
    progress: Callable[[float], None] | None = None,
) -> TcoSummary:
    """Monte Carlo TCO: ``trials`` draws of the inputs through the closed-form model.

    Reproducible: the same inputs, trials and seed give the same summary, however the work
    is spread over threads. ``progress`` is called with the fraction done; an exception it
    raises stops the simulation.
    """
    if isinstance(trials, bool) or not isinstance(trials, int):
        raise TypeError("trials must be an int")
    if not MIN_TRIALS <= trials <= MAX_TRIALS:
        raise ValueError(f"trials must be {range_text(MIN_TRIALS, MAX_TRIALS)}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError("seed must be a non-negative int")
    pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="tco")
    try:
        return _simulate(inputs, trials, seed, progress, pool)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@dataclass(frozen=True)
class _PassResult:
    """What one block of trials contributes to the months of one pass."""

    tallies: list[BandTally]  # per month
    broke_even: list[int]  # per month
    cumulative: Mapping[str, Vector] | None  # at the horizon, if the pass reached it
    tokens: Vector | None


def _simulate(
    inputs: TcoInputs,
    trials: int,
    seed: int,
    progress: Callable[[float], None] | None,
    pool: Executor,
) -> TcoSummary:
    horizon = inputs.horizon_months
    ranks = percentile_ranks(trials)
    blocks = _blocks(trials)
    # The first trials are a random sample of all of them (trials are independent): they
    # run ahead of the others, to place each month's percentile bands.
    sample = min(blocks[0].stop, sample_size(trials))
    sample_months = _block_months(
        _draw_trials(inputs, seed, 0, blocks[0].stop).block(slice(0, sample)), sample, horizon
    )
    # Each block of trials runs through the months while its numbers are in the CPU's
    # cache, and tallies each month's costs against that month's bands. Months are taken
    # MONTHS_PER_PASS at a time, so that the bands' contents never exceed one pass.
    running: list[Iterator[_BlockMonth] | None] = [None] * len(blocks)

    def run(index: int, bands: list[Future[RankBands]]) -> _PassResult:
        months = running[index]
        if months is None:
            size = blocks[index].stop - blocks[index].start
            months = _block_months(_draw_trials(inputs, seed, index, size), size, horizon)
            running[index] = months
        tallies: list[BandTally] = []
        broke_even: list[int] = []
        for state in itertools.islice(months, len(bands)):
            tallies.append(bands[len(tallies)].result().tally(state.costs))
            broke_even.append(state.broke_even)
        if state.month < horizon:
            return _PassResult(tallies, broke_even, None, None)
        running[index] = None
        cumulative = {option: state.cumulative(option).copy() for option in OPTIONS}
        return _PassResult(tallies, broke_even, cumulative, state.tokens())

    passes = range(1, horizon + 1, MONTHS_PER_PASS)
    per_month: list[list[list[float]]] = []  # [month][series][rank]
    first_break_even: list[int] = []  # trials breaking even for the first time, per month
    at_horizon: list[_PassResult] = []
    for number, first_month in enumerate(passes):
        months = range(first_month, min(first_month + MONTHS_PER_PASS, horizon + 1))
        # Placing the bands is queued first: a block waits only for bands being placed.
        bands = [
            pool.submit(RankBands, state.costs.copy(), ranks, trials)
            for state in itertools.islice(sample_months, len(months))
        ]
        futures = [pool.submit(run, index, bands) for index in range(len(blocks))]
        results: list[_PassResult] = []
        for future in futures:
            results.append(future.result())
            if progress is not None:
                progress((number * len(blocks) + len(results)) / (len(passes) * len(blocks)))

        per_month += pool.map(
            partial(_summarise_month, inputs, seed, trials),
            months,
            [future.result() for future in bands],
            [[result.tallies[i] for result in results] for i in range(len(months))],
        )
        first_break_even += [sum(r.broke_even[i] for r in results) for i in range(len(months))]
        at_horizon += [r for r in results if r.cumulative is not None]
        del results, bands  # the tallies: let them go before the next pass

    def paths(kind: str, option: str) -> Percentiles:
        series = SERIES.index((kind, option))
        p10, p50, p90 = (
            tuple(month[series][i] for month in per_month) for i in range(len(PERCENTILES))
        )
        return Percentiles(p10, p50, p90)

    cumulative = {
        option: np.concatenate([r.cumulative[option] for r in at_horizon if r.cumulative])
        for option in OPTIONS
    }
    tokens = np.concatenate([r.tokens for r in at_horizon if r.tokens is not None])
    p_cheapest = _cheapest_shares(cumulative, trials)
    options = {
        option: OptionSummary(
            monthly=paths("monthly", option),
            cumulative=paths("cumulative", option),
            p_cheapest=p_cheapest[option],
            cost_per_mtok_p50=_median_cost_per_mtok(cumulative[option], tokens),
        )
        for option in OPTIONS
    }
    return TcoSummary(
        trials=trials,
        seed=seed,
        horizon_months=horizon,
        options=options,
        break_even_month=_break_even(first_break_even, trials),
    )


def _summarise_month(
    inputs: TcoInputs,
    seed: int,
    trials: int,
    month: int,
    bands: RankBands,
    tallies: list[BandTally],
) -> list[list[float]]:
    """P10, P50 and P90 of each series in ``month``, from the tallies of all blocks."""
    return bands.values(
        tallies, lambda series: _series_in_month(inputs, seed, trials, month, series)
    )


def _cheapest_shares(totals: Mapping[str, Vector], trials: int) -> dict[str, float]:
    """Share of trials in which each option has the lowest total; ties go to the first."""
    best = totals[OPTIONS[0]].copy()
    winner = np.zeros(trials, dtype=np.intp)
    for i, option in enumerate(OPTIONS[1:], start=1):
        cheaper = totals[option] < best
        winner[cheaper] = i
        np.minimum(best, totals[option], out=best)
    counts = np.bincount(winner, minlength=len(OPTIONS))
    return {option: int(counts[i]) / trials for i, option in enumerate(OPTIONS)}


def _median_cost_per_mtok(total: Vector, tokens: Vector) -> float | None:
    # A trial without tokens has no cost per token: it sorts last, as +inf.
    per_mtok = np.full(total.size, math.inf)
    np.divide(total, tokens, out=per_mtok, where=tokens > 0)
    np.multiply(per_mtok, TOKENS_PER_MTOK, out=per_mtok)
    (median,) = order_statistics(per_mtok, [percentile_ranks(total.size)[1]])
    return median if math.isfinite(median) else None


def _break_even(first_break_even: list[int], trials: int) -> BreakEven:
    """Percentiles of the break-even month, counting trials that never break even as +inf."""
    reached = list(itertools.accumulate(first_break_even))  # trials broken even by month m

    def month_at(rank: int) -> int | None:
        return next((month for month, count in enumerate(reached, start=1) if count > rank), None)

    p10, p50, p90 = (month_at(rank) for rank in percentile_ranks(trials))
    return BreakEven(p10, p50, p90, never_share=(trials - reached[-1]) / trials)
