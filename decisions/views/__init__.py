"""Views by page: questionnaire (decisions and their steps), results (ranking and weights),
tco (cost model and simulations). Shared helpers live in ``common``."""
