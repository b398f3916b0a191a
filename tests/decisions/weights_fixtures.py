"""Weights shared by the weights, what-if and results tests (imported explicitly by them)."""

from __future__ import annotations

# Consistent judgments for weights 4 : 2 : 2 : 1 : 1 (sensitivity, latency, customization, TCO,
# risk), as the pairwise form posts them: every judgment is the ratio of two weights, e.g.
# sensitivity / TCO = 4 / 1.
FOUR_TWO_TWO_ONE_ONE = {
    "sensitivity__latency": "2",
    "sensitivity__customization": "2",
    "sensitivity__tco": "4",
    "sensitivity__risk": "4",
    "latency__customization": "1",
    "latency__tco": "2",
    "latency__risk": "2",
    "customization__tco": "2",
    "customization__risk": "2",
    "tco__risk": "1",
}
# The same, as the pairwise form saves them: the judgments above the diagonal, their
# reciprocals below it.
FOUR_TWO_TWO_ONE_ONE_MATRIX = [
    [1.0, 2.0, 2.0, 4.0, 4.0],
    [0.5, 1.0, 1.0, 2.0, 2.0],
    [0.5, 1.0, 1.0, 2.0, 2.0],
    [0.25, 0.5, 0.5, 1.0, 1.0],
    [0.25, 0.5, 0.5, 1.0, 1.0],
]
# Its mirror image, weights 1 : 2 : 2 : 4 : 4.
ONE_TWO_TWO_FOUR_FOUR = {
    "sensitivity__latency": "1/2",
    "sensitivity__customization": "1/2",
    "sensitivity__tco": "1/4",
    "sensitivity__risk": "1/4",
    "latency__customization": "1",
    "latency__tco": "1/2",
    "latency__risk": "1/2",
    "customization__tco": "1/2",
    "customization__risk": "1/2",
    "tco__risk": "1",
}
EDITOR_SLIDERS = {"sensitivity": 40, "latency": 10, "customization": 20, "tco": 10, "risk": 20}
APPROVER_SLIDERS = {"sensitivity": 0, "latency": 10, "customization": 10, "tco": 30, "risk": 0}
