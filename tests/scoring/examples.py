"""Answers shared by the scoring tests."""

from scoring.questions import Answer

Answers = dict[str, Answer]

# The worked example of docs/scoring-model.md: an insurer's claims assistant.
CLAIMS: Answers = {
    "data_classes": ["internal", "personal"],
    "residency": "own_region",
    "regulations": ["gdpr"],
    "vendor_terms_ok": "yes",
    "p95_latency_ms": 800,
    "offline": "never",
    "availability": "99.9",
    "deployment": "cloud",
    "adaptation": "retrieval",
    "domain": "highly_specialized",
    "inspectability": "helpful",
    "ml_team": "small",
    "requests_per_month": 200_000,
    "input_tokens": 3_000,
    "output_tokens": 500,
    "monthly_growth_pct": 4.0,
    "horizon_months": 36,
    "gpu_infrastructure": "some",
    "lock_in_tolerance": "medium",
    "frontier_capability": "helpful",
    "license_risk_tolerance": "medium",
    "safety_operations": "vendor",
    "regulatory_exposure": "medium",
}
CLAIMS_WEIGHTS = {"sensitivity": 30, "latency": 10, "customization": 20, "tco": 25, "risk": 15}
CLAIMS_COSTS = {"open": 1_200_000.0, "closed": 600_000.0, "hybrid": 750_000.0}
