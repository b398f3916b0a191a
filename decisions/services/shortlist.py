"""The decision's shortlist and its organisation's policy rules, as the scoring model and the
cost model see them.

The shortlist names a candidate open-weights model and a candidate closed model from the
model catalog. Their licence facts (from the current catalog version) go into the scoring
context (``scoring.context``); the closed model's API prices and the open model's measured
throughput and GPU prices replace the cost model's generic defaults, each with the catalog
fact and its source.
"""

from __future__ import annotations

from typing import Any

from catalog import services as catalog
from decisions.models import Decision, PolicyRule
from scoring.context import Context
from scoring.licences import ModelFacts
from scoring.policy import parse_rule
from scoring.tco import Source, TcoInputs, default_inputs, merge_inputs

SIDES = (("open", "open_model"), ("closed", "closed_model"))


def shortlist_facts(decision: Decision, version: int | None = None) -> dict[str, dict[str, Any]]:
    """What the catalog says of each shortlisted model (``catalog.services.model_facts``), in
    ``version`` (the current one for None); a name the catalog no longer knows is left out."""
    facts = {}
    for side, field in SIDES:
        name = getattr(decision, field)
        if not name:
            continue
        try:
            facts[side] = catalog.model_facts(name, version)
        except (catalog.UnknownModel, catalog.UnknownVersion):
            continue
    return facts


def licence_facts(facts: dict[str, Any]) -> ModelFacts:
    return ModelFacts(
        name=facts["name"],
        licence=facts["licence"]["name"],
        category=facts["licence"]["category"],
        flags=tuple(flag["id"] for flag in facts["flags"]),
    )


def decision_context(
    decision: Decision, *, facts: dict[str, dict[str, Any]] | None = None
) -> Context:
    """The scoring context of a decision: its shortlisted models' licence facts and its
    organisation's active policy rules, each at its current version."""
    facts = shortlist_facts(decision) if facts is None else facts
    rules = PolicyRule.objects.filter(organization_id=decision.organization_id, active=True)
    return Context(
        models={side: licence_facts(f) for side, f in facts.items()},
        catalog_version=next((f["catalog_version"] for f in facts.values()), None),
        policies=tuple(parse_rule(rule.as_json()) for rule in rules.order_by("pk")),
    )


def tco_defaults(
    decision: Decision, *, facts: dict[str, dict[str, Any]] | None = None
) -> tuple[TcoInputs, dict[str, Source]]:
    """The cost model's defaults: from the answers, with the shortlisted models' catalog
    figures where the catalog has them, each with its source."""
    inputs, sources = default_inputs(decision.answers)
    facts = shortlist_facts(decision) if facts is None else facts
    overrides: dict[str, list[float]] = {}
    closed = facts.get("closed")
    if closed and closed["api_prices"]:
        prices = closed["api_prices"]  # cheapest first
        cheapest = prices[0]
        for key, field in (
            ("api_price_input_per_mtok", "input_usd_per_mtok"),
            ("api_price_output_per_mtok", "output_usd_per_mtok"),
        ):
            values = [price[field] for price in prices]
            overrides[key] = [min(values), cheapest[field], max(values)]
            sources[key] = Source(
                f"{closed['name']}: {_price_range(prices, field)} per 1M tokens (model catalog "
                f"v{closed['catalog_version']}; {cheapest['source']})",
                cheapest["as_of"],
            )
    open_ = facts.get("open")
    if open_:
        measured = open_["self_hosting"]
        if measured:
            first = measured[0]
            rate = first["output_tokens_per_s"]
            overrides["gpu_output_tokens_per_s"] = [rate * 0.7, rate, rate]
            sources["gpu_output_tokens_per_s"] = Source(
                f"{open_['name']} on {first['gpu']} with {first['engine']}: {rate:g} output "
                f"tokens/s measured (model catalog v{open_['catalog_version']}; "
                f"{first['source']}); 70 % of it as the low end",
                first["as_of"],
            )
            offers = first["gpu_offers"]
            if offers:
                hourly = sorted(offer["usd_per_hour"] for offer in offers)
                overrides["gpu_hourly_usd"] = [hourly[0], hourly[len(hourly) // 2], hourly[-1]]
                sources["gpu_hourly_usd"] = Source(
                    f"{first['gpu']}: ${hourly[0]:g}–${hourly[-1]:g} per hour from "
                    f"{len(offers)} offer(s) in the model catalog ({offers[0]['source']})",
                    offers[0]["as_of"],
                )
        else:
            for key in ("gpu_output_tokens_per_s", "gpu_hourly_usd"):
                default = sources[key]
                sources[key] = Source(
                    f"{default.text} — the model catalog has no measured figure for "
                    f"{open_['name']} yet",
                    default.date,
                )
    if overrides:
        inputs = merge_inputs(inputs, overrides)
    return inputs, sources


def _price_range(prices: list[dict[str, Any]], field: str) -> str:
    """ "$2.5 at azure, openai", or "$0.15 at groq to $0.6 at openai"."""
    low = min(prices, key=lambda price: price[field])
    high = max(prices, key=lambda price: price[field])
    if low[field] == high[field]:
        return f"${low[field]:g} at {', '.join(price['provider'] for price in prices)}"
    return f"${low[field]:g} at {low['provider']} to ${high[field]:g} at {high['provider']}"
