"""What leaves openweigh: a decision record as JSON (``document``), Markdown and PDF."""
