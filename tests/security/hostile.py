"""Hostile values for the fuzzing tests: what an attacker, a confused user or a broken client
sends — script and HTML payloads, template syntax, unicode, huge and negative numbers, NaN
and infinity, wrong types, missing and extra fields."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'
PAYLOADS = (
    SCRIPT,
    IMG,
    "</script><script>alert(3)</script>",
    "';alert(4);//",
    "javascript:alert(5)",
    "{{ 7|add:7 }}{% debug %}",
    "' OR '1'='1' --",
    "\u202eevil\u202c",
    "\x00\x01\x7f",
    "\ud7ff\ue000\uffff",
    "𝕳𝖔𝖘𝖙𝖎𝖑𝖊 ☃ ñ 中文 עברית",
    "a" * 5000,
    "\n\r\t ",
)
NUMBERS = (
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "1e309",
    "-1e309",
    "1e-400",
    "-1",
    "0",
    "-0",
    "9" * 40,
    "-" + "9" * 40,
    "1_000",
    "0x10",
    "1,000.5",
    " 7 ",
    "٣",
    "½",
    "1e18",
    "2147483648",
    "9223372036854775808",
)

hostile_text = st.one_of(
    st.sampled_from(PAYLOADS + NUMBERS),
    st.text(max_size=300),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.just(""),
)


def form_data(fields: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """A posted form: some of its fields, some made up, each with one value or several."""
    names = (
        st.one_of(st.sampled_from(fields), st.text(max_size=20)) if fields else st.text(max_size=20)
    )
    return st.dictionaries(
        names,
        st.one_of(hostile_text, st.lists(hostile_text, max_size=3)),
        max_size=len(fields) + 3,
    )


json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(PAYLOADS + NUMBERS),
    st.text(max_size=50),
)
json_documents = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=20), children, max_size=5)
    ),
    max_leaves=20,
)
