"""When two scores are equal, and which option comes first then: one rule for the model's
ranking, the flip points and the robustness draws."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from scoring.questions import OPTIONS

# Scores that differ by at most this are equal. The same weighted sum reached through
# differently rescaled weights can differ in its last bits (10⁻¹⁷), and which option a board
# is told comes first must not hang on that; real differences between options are many
# orders of magnitude larger.
SCORE_TIE = 1e-12


def rank(scores: Mapping[str, float], options: Iterable[str]) -> tuple[str, ...]:
    """The options by score, best first; equal scores (within ``SCORE_TIE``) go in the order
    open, closed, hybrid, so that a result never depends on rounding or dictionary order."""
    remaining = sorted(options, key=OPTIONS.index)
    ranked = []
    while remaining:
        best = max(scores[option] for option in remaining)
        first = next(option for option in remaining if scores[option] >= best - SCORE_TIE)
        ranked.append(first)
        remaining.remove(first)
    return tuple(ranked)
