from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from decisions.models import Decision
from decisions.services.records import record_verify


class Command(BaseCommand):
    help = (
        "Verify an accepted decision record: recompute the SHA-256 of its snapshot, re-run its "
        "scoring with the model version it was scored with, and compare the record with what "
        "was frozen. Exit 0 only if all of it matches; 1 names what differs; 2 for an unknown "
        "id."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("id", type=int, help="the decision's id")

    def handle(self, *args: Any, id: int, **options: Any) -> None:
        decision = Decision.objects.filter(pk=id).first()
        if decision is None:
            raise CommandError(f"no decision with id {id}", returncode=2)
        verification = record_verify(decision)
        if verification.ok:
            self.stdout.write(
                f"verified: “{decision.title}” ({decision.get_status_display().lower()}), "
                f"content hash {verification.content_hash}; the stored result reproduces and "
                "the record matches its snapshot."
            )
            return
        for problem in verification.problems:
            self.stderr.write(f"not verified: {problem}")
        raise CommandError(f"decision {id} does not verify", returncode=1)
