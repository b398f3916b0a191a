"""Licence classification, without a database: categories, flags and their sources."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.licences import (
    CLAUSE_IDS,
    FLAG_IDS,
    NON_COMMERCIAL,
    OPEN_WEIGHTS_RESTRICTED,
    PERMISSIVE,
    PROPRIETARY,
    Clause,
    LicenceTerms,
    TermsInvalid,
    classify,
    clauses_from_json,
    clauses_to_json,
    licence_category,
)

APACHE = LicenceTerms(
    key="apache-2.0", name="Apache License 2.0", spdx="Apache-2.0", osi_approved=True
)
GPL = LicenceTerms(
    key="gpl-3.0", name="GPL 3.0", spdx="GPL-3.0-only", osi_approved=True, copyleft=True
)
VENDOR = LicenceTerms(
    key="vendor", name="Vendor terms", spdx=None, osi_approved=False, proprietary=True
)
CAP = Clause("More than 700 million monthly active users need another licence.", "LICENSE §2")
POLICY = Clause("The acceptable use policy binds your users.", "USE_POLICY.md")
NAMING = Clause("Show “Built with Llama”.", "LICENSE §1.b.i")
REMOTE = Clause("The licensor may restrict use remotely.", "Terms §3.2")
NC = Clause("No commercial use.", "LICENSE §1")
COMMUNITY = LicenceTerms(
    key="community",
    name="Community Licence",
    spdx=None,
    osi_approved=False,
    clauses={"user_cap": CAP, "use_policy": POLICY, "attribution_naming": NAMING},
)
INDEX = Clause("listed in the open source AI index", "osai-index llama.yaml")


def test_it_classifies_apache_as_permissive_without_flags() -> None:
    result = classify(model_name="Mistral 7B", licence=APACHE, marketed_open=INDEX)
    assert result.category == PERMISSIVE
    assert result.flags == ()


def test_it_classifies_an_osi_copyleft_licence_as_copyleft() -> None:
    assert licence_category(GPL) == "copyleft"


def test_it_classifies_vendor_terms_as_proprietary_without_open_washing() -> None:
    result = classify(model_name="OpenThing API", licence=VENDOR, marketed_open=INDEX)
    assert result.category == PROPRIETARY
    assert result.flags == ()


def test_it_flags_each_clause_with_its_text_and_source_in_order() -> None:
    result = classify(model_name="Llama 3.1", licence=COMMUNITY)
    assert result.category == OPEN_WEIGHTS_RESTRICTED
    assert [flag.as_dict() for flag in result.flags] == [
        {"id": "user_cap", "text": CAP.text, "source": "LICENSE §2"},
        {"id": "use_policy", "text": POLICY.text, "source": "USE_POLICY.md"},
        {"id": "attribution_naming", "text": NAMING.text, "source": "LICENSE §1.b.i"},
    ]


def test_it_flags_open_washing_when_marketed_open_under_a_non_osi_licence() -> None:
    result = classify(model_name="Llama 3.1", licence=COMMUNITY, marketed_open=INDEX)
    assert result.flag_ids == ("open_washing", "user_cap", "use_policy", "attribution_naming")
    washing = result.flags[0]
    assert washing.text == (
        "Presented as open (listed in the open source AI index), but its licence, Community "
        "Licence, is not an OSI-approved open-source licence: check what it forbids before "
        "relying on 'open'."
    )
    assert (
        washing.source
        == "osai-index llama.yaml; https://opensource.org/licenses (OSI-approved licences)"
    )


def test_it_flags_open_washing_when_the_name_says_open() -> None:
    result = classify(model_name="OpenFoo 7B", licence=COMMUNITY)
    assert result.flag_ids[0] == "open_washing"
    assert "its name, OpenFoo 7B, says open" in result.flags[0].text


def test_it_does_not_flag_a_non_osi_licence_nobody_calls_open() -> None:
    assert "open_washing" not in classify(model_name="Falcon 180B", licence=COMMUNITY).flag_ids


def test_it_puts_a_non_commercial_licence_in_its_own_category_even_if_osi_flagged() -> None:
    terms = LicenceTerms(
        key="nc", name="NC", spdx=None, osi_approved=True, clauses={"non_commercial": NC}
    )
    result = classify(model_name="Model", licence=terms)
    assert result.category == NON_COMMERCIAL
    assert result.flag_ids == ("non_commercial",)


def test_it_flags_a_remote_restriction() -> None:
    terms = LicenceTerms(
        key="gemma",
        name="Gemma Terms",
        spdx=None,
        osi_approved=False,
        clauses={"remote_restriction": REMOTE},
    )
    assert classify(model_name="Gemma 3", licence=terms).flag_ids == ("remote_restriction",)


def test_it_refuses_unknown_or_empty_clauses_by_key() -> None:
    for raw, message in (
        ({"mau": {"text": "x", "source": "y"}}, "clauses → 'mau': unknown clause"),
        (
            {"user_cap": {"text": "", "source": "y"}},
            'clauses → user_cap → "text": expected a non-empty string',
        ),
        ({"user_cap": "700M"}, "clauses → user_cap: expected an object with text and source"),
        ([], "clauses: expected an object, got list"),
    ):
        with pytest.raises(TermsInvalid) as raised:
            clauses_from_json(raw)
        assert str(raised.value).startswith(message)


clause = st.builds(
    Clause, st.text(min_size=1).filter(str.strip), st.text(min_size=1).filter(str.strip)
)
terms = st.builds(
    LicenceTerms,
    key=st.just("x"),
    name=st.text(min_size=1, max_size=20),
    spdx=st.none(),
    osi_approved=st.booleans(),
    proprietary=st.booleans(),
    copyleft=st.booleans(),
    clauses=st.dictionaries(st.sampled_from(CLAUSE_IDS), clause),
)


@given(terms, st.text(max_size=30), st.one_of(st.none(), clause))
def test_it_keeps_the_rules_for_every_licence(
    licence: LicenceTerms, name: str, marketed: Clause | None
) -> None:
    result = classify(model_name=name, licence=licence, marketed_open=marketed)
    # Flags come in the documented order, each with a text and a source.
    assert list(result.flag_ids) == [f for f in FLAG_IDS if f in result.flag_ids]
    assert all(flag.text and flag.source for flag in result.flags)
    # Only an OSI-approved licence is permissive or copyleft; a vendor's terms are proprietary.
    if result.category in ("permissive", "copyleft"):
        assert licence.osi_approved
        assert not licence.proprietary
    assert (result.category == "proprietary") == licence.proprietary
    # Open-washing needs a claim of openness and a licence that is neither OSI nor a vendor's.
    if "open_washing" in result.flag_ids:
        assert not licence.osi_approved
        assert not licence.proprietary
        assert marketed is not None or "open" in name.lower()
    # Stored and read back, the clauses are the same.
    assert clauses_from_json(clauses_to_json(licence.clauses or {})) == dict(licence.clauses or {})
