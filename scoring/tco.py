"""Total cost of ownership, model v1: inputs, defaults and the closed-form calculation.

Every formula is written down in ``docs/tco-model.md``. In short, for month m = 1..H:

    requests[1] = R;  requests[m] = requests[m-1] * (1 + g/100)
    api_price_factor[m] = (1 + a/100) ** ((m - 1) / 12)
    closed[m] = requests[m] * (I * p_in + O * p_out) / 1e6 * api_price_factor[m]
    capacity = tokens_per_s * utilization/100 * SECONDS_PER_MONTH      (output tokens / GPU)
    gpus(share)[m] = max(min_replicas, ceil(share * requests[m] * O / capacity))
    staff = mlops_fte * fte_yearly_cost / 12;  one_off[1] = setup + fine_tuning, else 0
    open[m] = gpus(1)[m] * HOURS_PER_MONTH * gpu_hourly + staff + one_off[m]
    hybrid[m] = gpus(s)[m] * HOURS_PER_MONTH * gpu_hourly + staff + one_off[m]
                + (1 - s) * closed[m]

The Monte Carlo simulation draws each input from its (low, likely, high) range and applies
exactly these formulas, so with every range collapsed it reproduces this calculation.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from scoring.questions import OPTIONS, Answers, FieldError

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


def default_inputs(answers: Answers) -> tuple[TcoInputs, dict[str, Source]]:
    """TCO inputs prefilled from the questionnaire, with the source of every default.

    Volumes come from the answers. Prices and costs are defaults; GPU figures depend on the
    infrastructure already in place, staff on the ML team, fine-tuning on the adaptation,
    and the minimum number of GPUs on the availability target.
    """
    gpu_infrastructure = str(answers.get("gpu_infrastructure", "none"))
    ml_team = str(answers.get("ml_team", "small"))
    adaptation = str(answers.get("adaptation", "prompting"))
    availability = str(answers.get("availability", "99.0"))

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
        "requests_per_month": FROM_ANSWERS,
        "input_tokens": FROM_ANSWERS,
        "output_tokens": FROM_ANSWERS,
        "monthly_growth_pct": FROM_ANSWERS,
        "horizon_months": FROM_ANSWERS,
        "api_price_input_per_mtok": PRICE_SOURCE,
        "api_price_output_per_mtok": PRICE_SOURCE,
        "api_price_change_pct_per_year": Source(
            "openweigh assumption: list prices of API models have tended to fall", "2026-11-28"
        ),
        "gpu_hourly_usd": Source(
            f"openweigh assumption for GPU infrastructure '{gpu_infrastructure}' "
            "(H100-class, on demand or amortised); replace with your quote",
            "2026-11-28",
        ),
        "gpu_output_tokens_per_s": Source(
            "openweigh assumption: a 70B-class model with continuous batching on one "
            "H100-class GPU; measure your own",
            "2026-11-28",
        ),
        "gpu_utilization_pct": ASSUMPTION,
        "min_replicas": Source(f"from availability '{availability}'", ""),
        "setup_cost_usd": Source(
            f"openweigh assumption for GPU infrastructure '{gpu_infrastructure}'", "2026-11-28"
        ),
        "fine_tuning_cost_usd": Source(
            f"openweigh assumption for adaptation '{adaptation}'", "2026-11-28"
        ),
        "mlops_fte": Source(f"openweigh assumption for ML team '{ml_team}'", "2026-11-28"),
        "fte_yearly_cost_usd": ASSUMPTION,
        "hybrid_self_hosted_share_pct": ASSUMPTION,
    }
    return inputs, sources


class TcoInputsInvalid(ValueError):
    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(str(error) for error in errors))


def _parse_number(field_id: str, value: object, spec: InputSpec | None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a number")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("must be a finite number")
    if spec is not None:
        if not spec.minimum <= number <= spec.maximum:
            raise ValueError(f"must be between {spec.minimum:g} and {spec.maximum:g}")
        if spec.integer and not number.is_integer():
            raise ValueError("must be a whole number")
    return number


def parse_range(field_id: str, value: object) -> Range:
    """``[low, likely, high]`` or a plain number; raises ValueError with a user message."""
    spec = INPUT_SPECS_BY_ID[field_id]
    if isinstance(value, list | tuple):
        if len(value) != 3:
            raise ValueError("must be a number or [low, likely, high]")
        low, likely, high = (_parse_number(field_id, v, spec) for v in value)
        if low > high:
            raise ValueError(f"low ({low:g}) is above high ({high:g})")
        if not low <= likely <= high:
            raise ValueError(f"likely ({likely:g}) must lie between low and high")
        return Range(low, likely, high)
    return Range.point(_parse_number(field_id, value, spec))


def merge_inputs(base: TcoInputs, overrides: object) -> TcoInputs:
    """Apply a ``tco`` document (``{"gpu_hourly_usd": [2, 3, 4], ...}``) over ``base``."""
    if not isinstance(overrides, Mapping):
        raise TcoInputsInvalid([FieldError("tco", "must be an object of input ids")])
    errors: list[FieldError] = []
    changes: dict[str, object] = {}
    for key, value in overrides.items():
        if key == "horizon_months":
            try:
                number = _parse_number(key, value, None)
                if not number.is_integer():
                    raise ValueError("must be a whole number of months")
                if not HORIZON_LIMITS[0] <= number <= HORIZON_LIMITS[1]:
                    raise ValueError(
                        f"must be between {HORIZON_LIMITS[0]} and {HORIZON_LIMITS[1]} months"
                    )
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

    def break_even_month(self) -> int | None:
        """First month in which open's cumulative cost is at or below closed's."""
        for month, (open_cost, closed_cost) in enumerate(
            zip(self.cumulative("open"), self.cumulative("closed"), strict=True), start=1
        ):
            if open_cost <= closed_cost:
                return month
        return None


def closed_form_costs(inputs: TcoInputs) -> CostPaths:
    """The TCO model evaluated at each input's likely value."""
    v = {key: r.likely for key, r in inputs.ranges().items()}
    per_request = (
        v["input_tokens"] * v["api_price_input_per_mtok"]
        + v["output_tokens"] * v["api_price_output_per_mtok"]
    ) / TOKENS_PER_MTOK
    capacity = v["gpu_output_tokens_per_s"] * (v["gpu_utilization_pct"] / 100) * SECONDS_PER_MONTH
    staff = v["mlops_fte"] * v["fte_yearly_cost_usd"] / 12
    one_off = v["setup_cost_usd"] + v["fine_tuning_cost_usd"]
    share = v["hybrid_self_hosted_share_pct"] / 100
    growth = 1 + v["monthly_growth_pct"] / 100
    price_change = 1 + v["api_price_change_pct_per_year"] / 100

    monthly: dict[str, list[float]] = {option: [] for option in OPTIONS}
    requests = v["requests_per_month"]
    total_tokens = 0.0
    for month in range(1, inputs.horizon_months + 1):
        if month > 1:
            requests = requests * growth
        closed = requests * per_request * price_change ** ((month - 1) / 12)
        output_tokens = requests * v["output_tokens"]
        gpus_open = max(v["min_replicas"], math.ceil(output_tokens / capacity))
        gpus_hybrid = max(v["min_replicas"], math.ceil(share * output_tokens / capacity))
        fixed = staff + (one_off if month == 1 else 0.0)
        monthly["open"].append(gpus_open * HOURS_PER_MONTH * v["gpu_hourly_usd"] + fixed)
        monthly["closed"].append(closed)
        monthly["hybrid"].append(
            gpus_hybrid * HOURS_PER_MONTH * v["gpu_hourly_usd"] + fixed + (1 - share) * closed
        )
        total_tokens += requests * (v["input_tokens"] + v["output_tokens"])
    return CostPaths(
        monthly={option: tuple(costs) for option, costs in monthly.items()},
        total_tokens=total_tokens,
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
