"""A decision's shortlist and its organisation's policy rules: in the scores, in the cost
model's defaults, in the frozen record and in the periodic review."""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from decisions.models import Decision, DecisionEvent, Organization, PolicyRule, TcoSimulation
from decisions.services import records
from decisions.services.answers import shortlist_set
from decisions.services.evaluations import decision_evaluate, tco_fingerprint
from decisions.services.policies import policy_rule_save
from decisions.services.shortlist import tco_defaults
from tests.conftest import client_for
from tests.decisions.conftest import accepted
from tests.decisions.tco_fixtures import make_succeeded

NO_USER_CAP = {
    "effect": "knockout",
    "options": ["open", "hybrid"],
    "reason": "We ship to millions of users.",
    "when": [{"model": "open", "flag": "user_cap"}],
}


@pytest.fixture
def catalog(db: None) -> None:
    call_command("load_catalog", stdout=StringIO())


def risk_fit(decision: Decision, option: str) -> float:
    result = decision_evaluate(decision=decision).result
    return result.options[option].criterion("risk").fit


# --- the shortlist ------------------------------------------------------------------------------
def test_an_editor_shortlists_models_and_the_scores_use_their_licences(
    editor_client: Client, contract: Decision, catalog: None
) -> None:
    before = risk_fit(contract, "open")

    response = editor_client.post(
        f"/decisions/{contract.pk}/shortlist/",
        {"open_model": "Llama 3.1", "closed_model": "GPT-4o"},
    )

    assert response.status_code == 302
    contract.refresh_from_db()
    assert (contract.open_model, contract.closed_model) == ("Llama 3.1", "GPT-4o")
    context = decision_evaluate(decision=contract).context
    assert context.catalog_version == 1
    assert context.models["open"].category == "open_weights_restricted"
    assert set(context.models["open"].flags) >= {"user_cap", "use_policy"}
    # Licence risk tolerance "medium": Llama's restricted licence gives open 0.7 instead of
    # 0.85 on one of risk's five questions, 0.03 off its risk fit.
    assert risk_fit(contract, "open") == pytest.approx(before - 0.03, abs=1e-12)
    event = DecisionEvent.objects.get(decision=contract, kind=DecisionEvent.Kind.SHORTLIST)
    assert event.changes == {"open_model": ["", "Llama 3.1"], "closed_model": ["", "GPT-4o"]}
    page = editor_client.get(f"/decisions/{contract.pk}/").content.decode()
    assert "Llama 3.1 Community License Agreement" in page
    assert "Monthly-active-user cap" in page
    history = editor_client.get(f"/decisions/{contract.pk}/record/").content.decode()
    assert "Shortlisted open model: (empty) → Llama 3.1" in history


def test_the_closed_models_prices_become_the_cost_models_defaults_with_their_source(
    editor_client: Client, editor: User, contract: Decision, catalog: None
) -> None:
    shortlist_set(decision=contract, by=editor, open_model="", closed_model="GPT-4o")

    inputs, sources = tco_defaults(contract)

    assert inputs.api_price_input_per_mtok.as_list() == [2.5, 2.5, 2.5]
    assert inputs.api_price_output_per_mtok.as_list() == [10.0, 10.0, 10.0]
    assert sources["api_price_input_per_mtok"].text.startswith(
        "GPT-4o: $2.5 at azure, openai per 1M tokens (model catalog v1; "
    )
    page = editor_client.get(f"/decisions/{contract.pk}/tco/").content.decode()
    assert "GPT-4o: $2.5 at azure, openai per 1M tokens" in page
    basis = decision_evaluate(decision=contract).result.tco_basis
    assert basis == (
        "point estimate over 36 months from the questionnaire and the model catalog's figures "
        "for GPT-4o (no simulation yet)"
    )


def test_an_open_model_without_a_measured_throughput_says_so(
    editor: User, contract: Decision, catalog: None
) -> None:
    shortlist_set(decision=contract, by=editor, open_model="Mistral 7B", closed_model="")
    _, sources = tco_defaults(contract)
    assert sources["gpu_output_tokens_per_s"].text.endswith(
        "— the model catalog has no measured figure for Mistral 7B yet"
    )


def test_the_shortlist_refuses_a_model_the_catalog_does_not_have(
    editor_client: Client, contract: Decision, catalog: None
) -> None:
    response = editor_client.post(
        f"/decisions/{contract.pk}/shortlist/", {"open_model": "Llama 9", "closed_model": "GPT-4o"}
    )
    assert response.status_code == 400
    assert "Select a valid choice. Llama 9 is not one of the available choices." in (
        response.content.decode()
    )
    contract.refresh_from_db()
    assert (contract.open_model, contract.closed_model) == ("", "")


def test_a_viewer_cannot_change_the_shortlist(
    viewer_client: Client, contract: Decision, catalog: None
) -> None:
    response = viewer_client.post(
        f"/decisions/{contract.pk}/shortlist/", {"open_model": "Llama 3.1"}
    )
    assert response.status_code == 403
    page = viewer_client.get(f"/decisions/{contract.pk}/").content.decode()
    assert "Save the shortlist" not in page
    assert 'name="open_model"' not in page
    assert "Viewers can read decisions but not change them." in page


# --- policy rules ------------------------------------------------------------------------------
def rule_form(**changes: object) -> dict[str, object]:
    return {
        "name": "No user caps",
        "effect": "knockout",
        "options": ["open", "hybrid"],
        "reason": "We ship to millions of users.",
        "when": json.dumps(NO_USER_CAP["when"]),
        "active": "on",
        **changes,
    }


def test_an_admin_writes_a_rule_and_each_save_is_a_new_version(
    org: Organization, admin: User, catalog: None
) -> None:
    client = client_for(admin)
    refused = client.post(
        f"/organizations/{org.slug}/rules/new/",
        rule_form(when='[{"model": "open", "flag": "users"}]'),
    )
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "when[0].flag: &#x27;users&#x27; is not one of: open_washing, user_cap" in page
    assert "users" in page  # what was typed is still there
    assert not PolicyRule.objects.exists()

    client.post(f"/organizations/{org.slug}/rules/new/", rule_form())
    rule = PolicyRule.objects.get()
    client.post(f"/organizations/{org.slug}/rules/{rule.pk}/", rule_form(reason="Millions."))

    rule.refresh_from_db()
    assert rule.version == 2
    assert [r.version for r in rule.revisions.all()] == [2, 1]
    assert rule.definition["reason"] == "Millions."
    page = client.get(f"/organizations/{org.slug}/rules/{rule.pk}/").content.decode()
    # Each version in words, and the words a rule may use beside the form.
    assert (
        "knocks out open, hybrid when the shortlisted open-weights model&#x27;s licence has "
        "a cap on monthly active users."
    ) in page
    assert "<code>data_classes</code>" in page
    assert "<code>user_cap</code>" in page


def test_a_rule_without_options_or_with_a_misspelt_question_says_what_to_do(
    org: Organization, admin: User
) -> None:
    form = rule_form(when='[{"answer": "residancy", "is": "eu_only"}]')
    del form["options"]
    page = client_for(admin).post(f"/organizations/{org.slug}/rules/new/", form).content.decode()
    assert "Choose at least one option for the rule to name." in page
    assert (
        "when[0].answer: &#x27;residancy&#x27; is not a question id: did you mean residency?<"
    ) in page
    assert not PolicyRule.objects.exists()


def test_a_rule_that_is_not_json_says_where(org: Organization, admin: User) -> None:
    response = client_for(admin).post(
        f"/organizations/{org.slug}/rules/new/", rule_form(when='[{"model": }]')
    )
    assert "Not JSON: Expecting value at line 1, column 12." in response.content.decode()


def test_only_the_organisations_admins_see_its_rules(
    org: Organization, editor_client: Client, outsider: User
) -> None:
    assert editor_client.get(f"/organizations/{org.slug}/rules/").status_code == 403
    assert client_for(outsider).get(f"/organizations/{org.slug}/rules/").status_code == 404


def test_a_rule_knocks_out_on_every_decision_of_the_organisation_and_is_named(
    org: Organization, admin: User, editor: User, contract: Decision, catalog: None
) -> None:
    shortlist_set(decision=contract, by=editor, open_model="Llama 3.1", closed_model="")
    policy_rule_save(
        organization=org, by=admin, name="No user caps", definition=NO_USER_CAP, active=True
    )

    result = decision_evaluate(decision=contract).result

    assert "open" not in result.ranking
    assert result.options["open"].knockouts[-1].reason == (
        "Organisation policy “No user caps” (v1): We ship to millions of users."
    )


def test_an_inactive_rule_applies_to_nothing(
    org: Organization, admin: User, editor: User, contract: Decision, catalog: None
) -> None:
    shortlist_set(decision=contract, by=editor, open_model="Llama 3.1", closed_model="")
    policy_rule_save(
        organization=org, by=admin, name="No user caps", definition=NO_USER_CAP, active=False
    )
    assert decision_evaluate(decision=contract).context.policies == ()


# --- the frozen record and the periodic review ---------------------------------------------------
def test_an_accepted_record_keeps_the_catalog_facts_it_used(
    editor: User, approver: User, ready: Decision, catalog: None
) -> None:
    shortlist_set(decision=ready, by=editor, open_model="Llama 3.1", closed_model="GPT-4o")
    document = json.loads(accepted(ready, editor, approver).snapshot.content)

    assert document["catalog"]["version"] == 1
    llama = document["catalog"]["models"]["open"]
    assert llama["licence"]["category"] == "open_weights_restricted"
    assert llama["licence"]["source"]
    assert document["evaluation"]["inputs"]["context"]["models"]["closed"]["name"] == "GPT-4o"


def test_the_review_flags_a_record_a_new_rule_would_decide_otherwise_and_says_why(
    org: Organization, editor: User, approver: User, admin: User, ready: Decision, catalog: None
) -> None:
    shortlist_set(decision=ready, by=editor, open_model="Llama 3.1", closed_model="")
    decision = accepted(ready, editor, approver)
    assert decision.chosen_option == "open"

    policy_rule_save(
        organization=org, by=admin, name="No user caps", definition=NO_USER_CAP, active=True
    )
    records.records_review()

    decision.refresh_from_db()
    assert decision.rescore_differs is True
    assert re.search(
        r"recommends .+ where v2 recommended Open weights, self-hosted, on the same answers "
        r"and weights\. What changed: organisation policy “No user caps” \(v1\) now applies\.$",
        decision.rescore_note,
    )


def test_catalog_changes_are_named_in_words() -> None:
    then = {
        "closed": {
            "name": "GPT-4o",
            "catalog_version": 1,
            "licence": {"name": "OpenAI terms", "category": "proprietary"},
            "flags": [],
            "api_prices": [{"input_usd_per_mtok": 2.5, "output_usd_per_mtok": 10.0}],
        }
    }
    now = json.loads(json.dumps(then))
    now["closed"]["catalog_version"] = 3
    now["closed"]["api_prices"][0]["input_usd_per_mtok"] = 2.0
    now["closed"]["flags"] = [{"id": "regional_exclusion"}]

    assert records.catalog_changes(then, now) == [
        "GPT-4o's licence now has the flag regional_exclusion",
        "GPT-4o's input price went from $2.5 to $2 per 1M tokens (catalog v1 → v3)",
    ]


def test_the_results_page_names_the_catalog_version_and_the_rules_that_apply(
    org: Organization,
    admin: User,
    editor: User,
    editor_client: Client,
    contract: Decision,
    catalog: None,
) -> None:
    shortlist_set(decision=contract, by=editor, open_model="Llama 3.1", closed_model="GPT-4o")
    policy_rule_save(
        organization=org, by=admin, name="No user caps", definition=NO_USER_CAP, active=True
    )
    page = editor_client.get(f"/decisions/{contract.pk}/results/").content.decode()
    assert "from model catalog v1" in page
    assert "Organisation policy “No user caps” (v1)</strong> excludes open, hybrid" in page
    record = editor_client.get(f"/decisions/{contract.pk}/record/").content.decode()
    assert "Organisation policy “No user caps” (v1)" in record


def test_a_simulation_the_shortlist_outdates_is_named_not_dropped_in_silence(
    editor_client: Client, contract: Decision, catalog: None
) -> None:
    inputs, _ = tco_defaults(contract)
    run = make_succeeded(contract, inputs)
    TcoSimulation.objects.filter(pk=run.pk).update(answers_fingerprint=tco_fingerprint(contract))
    assert (
        "simulation 1</a> (200 trials"
        in editor_client.get(f"/decisions/{contract.pk}/record/").content.decode()
    )

    page = editor_client.post(
        f"/decisions/{contract.pk}/shortlist/",
        {"open_model": "", "closed_model": "GPT-4o"},
        follow=True,
    ).content.decode()

    assert '<div class="notice warn">Simulation 1 was run on the cost model&#x27;s previous' in page
    record = editor_client.get(f"/decisions/{contract.pk}/record/").content.decode()
    assert "point estimate: <a" in record
    assert "simulation 1</a> was run before the answers or the shortlist changed" in record
    assert "run the cost model again" in record
    assert "no simulation yet" not in record
    # The simulation's own page and the list of runs say so too.
    simulation = editor_client.get(f"/decisions/{contract.pk}/tco/1/").content.decode()
    assert "the cost model's defaults have changed since" in simulation
    runs = editor_client.get(f"/decisions/{contract.pk}/tco/").content.decode()
    assert "on earlier defaults" in runs
