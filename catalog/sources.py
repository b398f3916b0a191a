"""Reading the files the catalog is refreshed from: plain Python, no Django, no writes.

Each reader checks the whole file before anything is used from it, and names the key (and,
where it can, the line) of every fault it finds, so that an import either takes the whole file
or nothing.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from dataclasses import dataclass
from typing import Any

import yaml

# LiteLLM's own documentation of its format, with strings where numbers go: not a model.
LITELLM_SPEC_KEY = "sample_spec"
# Listed errors per file; past this, a count.
MAX_ERRORS = 20


class SourceInvalid(ValueError):
    """A file that cannot be imported, with one message per fault."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        shown = errors[:MAX_ERRORS]
        more = len(errors) - len(shown)
        super().__init__("\n".join(shown + ([f"… and {more} more"] if more else [])))


def describe(value: Any) -> str:
    """A value as a message shows it: JSON spelling, cut short."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except ValueError:  # NaN and infinities
        text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def is_number(value: Any) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value >= 0
    )


# LiteLLM --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LitellmPrice:
    key: str
    provider: str
    input_usd_per_mtok: float
    output_usd_per_mtok: float
    max_input_tokens: int | None
    max_output_tokens: int | None
    source: str | None


def per_million(cost_per_token: float) -> float:
    """USD per token → USD per 1M tokens, rounded to what a price list can mean (floats
    multiply 3.3e-06 by a million into 3.3000000000000003)."""
    return round(cost_per_token * 1_000_000, 6)


def _line_of_key(text: str, key: str) -> int | None:
    """The line where a top-level key is written, for messages (None if not found)."""
    position = text.find(json.dumps(key) + ":")
    if position < 0:
        position = text.find(json.dumps(key, ensure_ascii=False) + ":")
    return None if position < 0 else text.count("\n", 0, position) + 1


def parse_litellm(text: str, name: str) -> dict[str, LitellmPrice]:
    """Every priced entry of a LiteLLM ``model_prices_and_context_window.json``, by key.

    Entries without both token prices (image, audio, per-second models…) are valid and left
    out; a field of the wrong type anywhere makes the file invalid."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise SourceInvalid(
            [f"{name}: line {error.lineno}, column {error.colno}: not valid JSON: {error.msg}"]
        ) from error
    if not isinstance(document, dict):
        raise SourceInvalid(
            [f"{name}: expected an object of models by key, got {type_name(document)}"]
        )
    errors: list[str] = []
    prices: dict[str, LitellmPrice] = {}
    for key, entry in document.items():
        if key == LITELLM_SPEC_KEY:
            continue
        faults = _litellm_entry_faults(entry)
        if faults:
            line = _line_of_key(text, key)
            where = f"{name}: line {line}: key {json.dumps(key)}" if line else f"{name}: key {key}"
            errors += [f"{where} → {fault}" for fault in faults]
            continue
        if "input_cost_per_token" in entry and "output_cost_per_token" in entry:
            prices[key] = LitellmPrice(
                key=key,
                provider=entry.get("litellm_provider")
                or (key.split("/", 1)[0] if "/" in key else "unknown"),
                input_usd_per_mtok=per_million(entry["input_cost_per_token"]),
                output_usd_per_mtok=per_million(entry["output_cost_per_token"]),
                max_input_tokens=entry.get("max_input_tokens"),
                max_output_tokens=entry.get("max_output_tokens"),
                source=entry.get("source"),
            )
    if errors:
        raise SourceInvalid(errors)
    return prices


_LITELLM_NUMBERS = ("input_cost_per_token", "output_cost_per_token")
_LITELLM_COUNTS = ("max_input_tokens", "max_output_tokens")
_LITELLM_STRINGS = ("litellm_provider", "source", "mode")


def _litellm_entry_faults(entry: Any) -> list[str]:
    if not isinstance(entry, dict):
        return [f"expected an object, got {type_name(entry)} {describe(entry)}"]
    faults = []
    for field in _LITELLM_NUMBERS:
        if field in entry and not is_number(entry[field]):
            faults.append(
                f'"{field}": expected a number ≥ 0, got {type_name(entry[field])} '
                f"{describe(entry[field])}"
            )
    for field in _LITELLM_COUNTS:
        value = entry.get(field)
        if value is not None and not (
            is_number(value) and float(value).is_integer() and value < 2**31
        ):
            faults.append(
                f'"{field}": expected a whole number of tokens, got {type_name(value)} '
                f"{describe(value)}"
            )
    for field in _LITELLM_STRINGS:
        if field in entry and not isinstance(entry[field], str):
            faults.append(
                f'"{field}": expected a string, got {type_name(entry[field])} '
                f"{describe(entry[field])}"
            )
    return faults


# Model Openness Tool --------------------------------------------------------------------------


@dataclass(frozen=True)
class MotComponent:
    name: str
    licence: str | None


@dataclass(frozen=True)
class MotRecord:
    """One Model Openness Tool record (``models/<name>.yml``): what was released, under
    which licence."""

    file: str
    name: str
    producer: str
    date: datetime.date
    distribution_licence: str | None
    components: tuple[MotComponent, ...]

    def component(self, name: str) -> MotComponent | None:
        return next((c for c in self.components if c.name == name), None)


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_mot(text: str, name: str) -> MotRecord:
    """A Model Openness Tool YAML record, checked against the parts of its schema the
    catalog reads; faults name the key and the line."""
    try:
        # One parse: the node tree gives the lines for messages, and the document is built
        # from it by the safe loader.
        loader = yaml.SafeLoader(text)
        try:
            root = loader.get_single_node()
            try:
                document = None if root is None else loader.construct_document(root)
            except (ValueError, TypeError, OverflowError) as error:
                # A scalar YAML reads as a date but no calendar has (2026-13-45).
                bad_line = _unreadable_scalar_line(root)
                where = f"line {bad_line}: " if bad_line else ""
                raise SourceInvalid([f"{name}: {where}not a valid value: {error}"]) from error
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        at = f"line {mark.line + 1}: " if mark else ""
        raise SourceInvalid([f"{name}: {at}not valid YAML: {error.problem}"]) from error
    except yaml.YAMLError as error:
        raise SourceInvalid([f"{name}: not valid YAML: {error}"]) from error
    errors: list[str] = []

    def fault(path: tuple[str | int, ...], message: str) -> None:
        line = _yaml_line(root, path)
        where = " → ".join(f"[{p}]" if isinstance(p, int) else p for p in path)
        errors.append(f"{name}: {f'line {line}: ' if line else ''}{where}: {message}")

    if not isinstance(document, dict):
        raise SourceInvalid([f"{name}: expected a mapping with framework and release"])
    framework = document.get("framework")
    if not isinstance(framework, dict):
        fault(("framework",), f"expected a mapping, got {type_name(framework)}")
    elif framework.get("name") != "Model Openness Framework":
        fault(("framework", "name"), 'expected "Model Openness Framework"')
    release = document.get("release")
    if not isinstance(release, dict):
        fault(("release",), f"expected a mapping, got {type_name(release)}")
        raise SourceInvalid(errors)
    model_name = release.get("name")
    if not isinstance(model_name, str) or not model_name.strip():
        fault(("release", "name"), f"expected a model name, got {describe(model_name)}")
    producer = release.get("producer", "")
    if not isinstance(producer, str):
        fault(("release", "producer"), f"expected a string, got {type_name(producer)}")
    date = _mot_date(release.get("date"))
    if date is None:
        fault(
            ("release", "date"), f"expected a date YYYY-MM-DD, got {describe(release.get('date'))}"
        )
    distribution = _mot_distribution(release.get("license"), fault)
    components: list[MotComponent] = []
    raw_components = release.get("components", [])
    if raw_components is None:
        raw_components = []
    if not isinstance(raw_components, list):
        fault(("release", "components"), f"expected a list, got {type_name(raw_components)}")
        raw_components = []
    for index, component in enumerate(raw_components):
        path: tuple[str | int, ...] = ("release", "components", index)
        if not isinstance(component, dict):
            fault(path, f"expected a mapping, got {type_name(component)}")
            continue
        component_name = component.get("name")
        if not isinstance(component_name, str):
            fault((*path, "name"), f"expected a string, got {describe(component_name)}")
            continue
        licence = component.get("license")
        if licence is not None and not isinstance(licence, str):
            fault((*path, "license"), f"expected a licence name, got {describe(licence)}")
            continue
        components.append(MotComponent(component_name.strip(), (licence or "").strip() or None))
    if errors:
        raise SourceInvalid(errors)
    assert isinstance(model_name, str)
    assert isinstance(producer, str)
    assert date is not None
    return MotRecord(
        file=name,
        name=model_name.strip(),
        producer=producer.strip(),
        date=date,
        distribution_licence=distribution,
        components=tuple(components),
    )


def _unreadable_scalar_line(root: Any) -> int | None:
    """The line of the first scalar the safe loader cannot turn into a value."""
    stack = [root]
    while stack:
        node = stack.pop(0)
        if isinstance(node, yaml.ScalarNode):
            try:
                yaml.SafeLoader("").construct_object(node, deep=True)
            except (ValueError, TypeError, OverflowError):
                return int(node.start_mark.line) + 1
        elif isinstance(node, yaml.MappingNode):
            stack += [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            stack += list(node.value)
    return None


def _mot_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and _DATE.match(value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _mot_distribution(raw: Any, fault: Any) -> str | None:
    if raw is None or raw == {}:
        return None
    if not isinstance(raw, dict):
        fault(("release", "license"), f"expected a mapping, got {type_name(raw)}")
        return None
    distribution = raw.get("distribution")
    if distribution is None:
        return None
    if not isinstance(distribution, dict):
        fault(("release", "license", "distribution"), "expected a mapping with name and path")
        return None
    licence = distribution.get("name")
    if licence is not None and not isinstance(licence, str):
        fault(
            ("release", "license", "distribution", "name"),
            f"expected a string, got {describe(licence)}",
        )
        return None
    return (licence or "").strip() or None


def _yaml_line(node: Any, path: tuple[str | int, ...]) -> int | None:
    """The line of the deepest node along ``path`` that exists."""
    line = None if node is None else node.start_mark.line + 1
    for step in path:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if getattr(k, "value", None) == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            child = node.value[step] if step < len(node.value) else None
        if child is None:
            break
        node, line = child, child.start_mark.line + 1
    return line


# What a record says about openness. A component counts as released openly when it is listed
# with a licence (its own, else the release's distribution licence) that is not proprietary;
# listed without any licence, it is available but not openly licensed.
_NOT_OPEN = {"proprietary", "unlicensed", "undisclosed", "none", ""}


@dataclass(frozen=True)
class Openness:
    value: str  # open | partial | closed (catalog.models.Model.Openness)
    note: str


def _component_openness(record: MotRecord, component_name: str) -> Openness | None:
    component = record.component(component_name)
    if component is None:
        return None
    licence = component.licence or record.distribution_licence
    if licence and licence.lower() == "proprietary":
        return Openness("closed", f"{component_name}: listed as proprietary")
    if not licence or licence.lower() in _NOT_OPEN:
        return Openness("partial", f"{component_name}: released without an open licence")
    return Openness("open", f"{component_name}: released ({licence})")


def mot_training_code(record: MotRecord) -> Openness:
    found = _component_openness(record, "Training code")
    if found is not None:
        return found
    inference = record.component("Inference code")
    return Openness(
        "closed",
        "no training code released" + ("; inference code only" if inference else ""),
    )


def mot_training_data(record: MotRecord) -> Openness:
    found = _component_openness(record, "Datasets")
    if found is not None:
        return found
    card = record.component("Data card")
    return Openness(
        "closed", "training datasets not released" + ("; a data card only" if card else "")
    )
