"""What leaves openweigh: a decision record as JSON (``document``), Markdown and PDF."""

import logging

# WeasyPrint logs every layout step at INFO, from its import on; its warnings still show.
logging.getLogger("weasyprint").setLevel(logging.WARNING)
