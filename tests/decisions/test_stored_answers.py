"""Answers that did not come through the questionnaire (admin, shell, a question bank that
moved on) are refused by the model, and pages that meet them anyway explain, never crash."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from decisions.models import Decision


def corrupt(decision: Decision, **answers: object) -> Decision:
    # .update() skips validation, as a raw SQL edit or an old row would.
    Decision.objects.filter(pk=decision.pk).update(answers={**decision.answers, **answers})
    decision.refresh_from_db()
    return decision


def test_it_refuses_an_answer_outside_the_bank_and_names_the_field(complete: Decision) -> None:
    complete.answers = {**complete.answers, "residency": "mars"}
    with pytest.raises(ValidationError) as raised:
        complete.full_clean()
    assert raised.value.message_dict["answers"] == [
        "residency: 'mars' is not one of: none, approved_vendor, own_region, own_infrastructure"
    ]


def test_it_counts_an_invalid_stored_answer_as_open(complete: Decision) -> None:
    corrupt(complete, residency="mars")
    assert "sensitivity" not in complete.answered_areas
    assert "latency" in complete.answered_areas
    assert not complete.is_complete


def test_it_explains_invalid_stored_answers_on_the_results_page(
    editor_client: Client, complete: Decision
) -> None:
    corrupt(complete, residency=42, bogus_question=1)
    response = editor_client.get(f"/decisions/{complete.pk}/results/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some questions are still open" in html
    assert "<code>residency</code>: must be one of:" in html
    assert "<code>bogus_question</code>: unknown question id" in html


def test_it_shows_the_weights_page_for_invalid_stored_answers(
    editor_client: Client, complete: Decision
) -> None:
    corrupt(complete, bogus_question=1)
    assert editor_client.get(f"/decisions/{complete.pk}/weights/").status_code == 200
    response = editor_client.get(f"/decisions/{complete.pk}/questions/sensitivity/")
    assert response.status_code == 200
