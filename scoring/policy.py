"""An organisation's policy rules: data that knocks out options, or warns, on every decision.

A rule, as its admins write it (JSON) and as a stored run keeps it:

    {"id": 3, "name": "Health data stays in", "version": 2,
     "effect": "knockout" | "warning",
     "options": ["closed"],
     "reason": "Health data goes to no vendor without a signed BAA.",
     "when": [{"answer": "data_classes", "includes": "health"},
              {"answer": "vendor_terms_ok", "is_not": "yes"}]}

``when`` is a list of clauses that must all hold (an empty list always holds):

- ``{"answer": QUESTION, "is" | "is_not": VALUE}`` for a single choice;
- ``{"answer": QUESTION, "includes" | "excludes": VALUE}`` for a multiple choice;
- ``{"answer": QUESTION, "at_least" | "at_most": NUMBER}`` for a number;
- ``{"model": "open" | "closed", "flag": FLAG}``: the shortlisted model's licence raises FLAG;
- ``{"model": "open" | "closed", "category": CATEGORY}``: its licence is of that category;
- ``{"model": "open" | "closed", "shortlisted": true | false}``: a model is shortlisted there.

A model clause holds only for a shortlisted model: "no model whose licence caps users" does
not knock out an option whose model nobody has named yet. ``parse_rule`` checks a rule
against the question bank and the catalog's words and names the key at fault.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scoring.licences import CATEGORIES, FLAG_NAMES
from scoring.questions import OPTIONS, QUESTIONS_BY_ID, Answers, FieldError

if TYPE_CHECKING:
    from scoring.licences import ModelFacts

EFFECTS = ("knockout", "warning")
ANSWER_TESTS = ("is", "is_not", "includes", "excludes", "at_least", "at_most")
MODEL_TESTS = ("flag", "category", "shortlisted")
SIDES = ("open", "closed")


class PolicyInvalid(ValueError):
    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(str(error) for error in errors))


@dataclass(frozen=True)
class Clause:
    subject: str  # "answer" or "model"
    key: str  # the question id, or the side of the shortlist
    test: str  # one of ANSWER_TESTS or MODEL_TESTS
    value: Any

    def to_json(self) -> dict[str, Any]:
        return {self.subject: self.key, self.test: self.value}

    def holds(self, answers: Answers, models: Mapping[str, ModelFacts]) -> bool:
        if self.subject == "model":
            facts = models.get(self.key)
            if self.test == "shortlisted":
                return (facts is not None) is self.value
            if facts is None:
                return False
            return (
                self.value in facts.flags if self.test == "flag" else facts.category == self.value
            )
        answer = answers.get(self.key)
        if answer is None:
            return False
        if self.test == "is":
            return bool(answer == self.value)
        if self.test == "is_not":
            return bool(answer != self.value)
        if self.test == "includes":
            return isinstance(answer, list) and self.value in answer
        if self.test == "excludes":
            return isinstance(answer, list) and self.value not in answer
        if isinstance(answer, bool) or not isinstance(answer, int | float):
            return False
        return bool(answer >= self.value if self.test == "at_least" else answer <= self.value)

    def describe(self) -> str:
        """In words, with the question bank's labels."""
        if self.subject == "model":
            side = "open-weights" if self.key == "open" else "closed"
            if self.test == "shortlisted":
                return f"{'a' if self.value else 'no'} {side} model is shortlisted"
            if self.test == "flag":
                return f"the shortlisted {side} model's licence has {FLAG_NAMES[self.value]}"
            return f"the shortlisted {side} model's licence is {self.value.replace('_', ' ')}"
        question = QUESTIONS_BY_ID[self.key]
        said = question.label_of(self.value) if isinstance(self.value, str) else f"{self.value:g}"
        verb = {
            "is": "is",
            "is_not": "is not",
            "includes": "includes",
            "excludes": "does not include",
            "at_least": "is at least",
            "at_most": "is at most",
        }[self.test]
        return f"“{question.label}” {verb} “{said}”"


@dataclass(frozen=True)
class PolicyRule:
    id: int
    name: str
    version: int
    effect: str
    options: tuple[str, ...]
    reason: str
    when: tuple[Clause, ...]

    @property
    def label(self) -> str:
        return f"policy “{self.name}” (v{self.version})"

    def holds(self, answers: Answers, models: Mapping[str, ModelFacts]) -> bool:
        return all(clause.holds(answers, models) for clause in self.when)

    def questions(self) -> tuple[str, ...]:
        """The questions its clauses read, for the remedies: changing them may lift it."""
        return tuple(dict.fromkeys(c.key for c in self.when if c.subject == "answer"))

    def describe(self) -> str:
        return " and ".join(clause.describe() for clause in self.when) or "always"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "version": self.version,
            "effect": self.effect,
            "options": list(self.options),
            "reason": self.reason,
            "when": [clause.to_json() for clause in self.when],
        }


def parse_rule(raw: object, *, where: str = "") -> PolicyRule:
    """A rule from its JSON, or PolicyInvalid naming every key at fault (``where`` prefixes
    the names: ``when[1].includes``)."""
    errors: list[FieldError] = []

    def fail(key: str, message: str) -> None:
        errors.append(FieldError(f"{where}{key}", message))

    if not isinstance(raw, Mapping):
        raise PolicyInvalid([FieldError(where.rstrip(".") or "rule", "must be an object")])
    unknown = sorted(set(raw) - {"id", "name", "version", "effect", "options", "reason", "when"})
    for key in unknown:
        fail(key, "unknown key")
    name, reason = raw.get("name"), raw.get("reason")
    if not isinstance(name, str) or not name.strip():
        fail("name", "give the rule a name")
    if not isinstance(reason, str) or not reason.strip():
        fail("reason", "say why: the reason is shown on every result the rule touches")
    effect = raw.get("effect")
    if effect not in EFFECTS:
        fail("effect", f"must be one of: {', '.join(EFFECTS)}")
    options = raw.get("options")
    if not isinstance(options, list) or not options:
        fail("options", f"must be a list of one or more of: {', '.join(OPTIONS)}")
        options = []
    for i, option in enumerate(options):
        if option not in OPTIONS:
            fail(f"options[{i}]", f"{option!r} is not one of: {', '.join(OPTIONS)}")
    when = raw.get("when", [])
    clauses: list[Clause] = []
    if not isinstance(when, list):
        fail("when", "must be a list of conditions")
        when = []
    for i, item in enumerate(when):
        clause = _clause(item, f"when[{i}]", fail)
        if clause is not None:
            clauses.append(clause)
    for key in ("id", "version"):
        value = raw.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            fail(key, "must be a whole number")
    if errors:
        raise PolicyInvalid(errors)
    assert isinstance(name, str)
    assert isinstance(reason, str)
    assert isinstance(effect, str)
    return PolicyRule(
        id=int(raw.get("id", 0)),
        name=name.strip(),
        version=int(raw.get("version", 0)),
        effect=effect,
        options=tuple(o for o in OPTIONS if o in options),
        reason=reason.strip(),
        when=tuple(clauses),
    )


def _clause(item: object, at: str, fail: Any) -> Clause | None:
    if not isinstance(item, Mapping):
        fail(at, 'must be an object such as {"answer": "residency", "is": "none"}')
        return None
    subject = "answer" if "answer" in item else "model" if "model" in item else None
    if subject is None:
        fail(at, 'must name an "answer" (a question id) or a "model" (open or closed)')
        return None
    tests = ANSWER_TESTS if subject == "answer" else MODEL_TESTS
    given = [key for key in item if key != subject]
    if len(given) != 1 or given[0] not in tests:
        fail(at, f"give exactly one of: {', '.join(tests)}")
        return None
    test, value, key = given[0], item[given[0]], item[subject]
    if subject == "model":
        if key not in SIDES:
            fail(f"{at}.model", f"{key!r} is not one of: open, closed")
            return None
        if test == "flag" and value not in FLAG_NAMES:
            fail(f"{at}.flag", f"{value!r} is not one of: {', '.join(FLAG_NAMES)}")
            return None
        if test == "category" and value not in CATEGORIES:
            fail(f"{at}.category", f"{value!r} is not one of: {', '.join(CATEGORIES)}")
            return None
        if test == "shortlisted" and not isinstance(value, bool):
            fail(f"{at}.shortlisted", "must be true or false")
            return None
        return Clause("model", key, test, value)
    question = QUESTIONS_BY_ID.get(key) if isinstance(key, str) else None
    if question is None:
        near = difflib.get_close_matches(str(key), QUESTIONS_BY_ID, n=3)
        hint = f": did you mean {' or '.join(near)}?" if near else " (the ids are listed below)"
        fail(f"{at}.answer", f"{key!r} is not a question id{hint}")
        return None
    numeric = question.kind in ("int", "number")
    if test in ("at_least", "at_most"):
        if not numeric:
            fail(f"{at}.{test}", f"{key} is not a number question: use is or includes")
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            fail(f"{at}.{test}", "must be a number")
            return None
        return Clause("answer", key, test, value)
    if numeric:
        fail(f"{at}.{test}", f"{key} is a number question: use at_least or at_most")
        return None
    wants_multi = test in ("includes", "excludes")
    if wants_multi != (question.kind == "multi"):
        right = "includes or excludes" if question.kind == "multi" else "is or is_not"
        kind = "a multiple" if question.kind == "multi" else "a single"
        fail(f"{at}.{test}", f"{key} is {kind} choice: use {right}")
        return None
    if value not in question.values:
        fail(f"{at}.{test}", f"{value!r} is not one of: {', '.join(question.values)}")
        return None
    return Clause("answer", key, test, value)


def policy_knockouts(
    rules: Sequence[PolicyRule], answers: Answers, models: Mapping[str, ModelFacts]
) -> dict[str, tuple[PolicyRule, ...]]:
    """For each option, the knock-out rules that hold and name it."""
    held = [r for r in rules if r.effect == "knockout" and r.holds(answers, models)]
    return {option: tuple(r for r in held if option in r.options) for option in OPTIONS}
