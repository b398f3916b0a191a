"""A question of the bank as Django renders it: labelled inputs, the bank's texts escaped by
the template engine, the stored answer ticked, nothing typed lost."""

from __future__ import annotations

from html.parser import HTMLParser

from django import forms

from decisions.forms import read_only
from decisions.forms.questionnaire import NONE_OF_THESE, area_form, question_field
from scoring.questions import Choice, Question

NASTY = Question(
    id="pick",
    criterion="risk",
    kind="one",
    label='<b>"A" & B\'s</b>',
    help="<i>&amp;</i>",
    choices=(Choice("a", "A & <b>", 'say "hi" <script>'), Choice("b", "B")),
)


class Inputs(HTMLParser):
    """The inputs of a fragment, with their attributes, and its text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.inputs: list[dict[str, str | None]] = []
        self.text: list[str] = []
        self.tags: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "input":
            self.inputs.append(dict(attrs))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.text.append(data.strip())


def rendered(question: Question, initial: object = None, *, viewer: bool = False) -> str:
    form_class = type(forms.Form)(
        "OneQuestion", (forms.Form,), {question.id: question_field(question)}
    )
    form = form_class(initial={question.id: initial} if initial is not None else None)
    if viewer:
        read_only(form)
    return str(form[question.id].as_field_group())


def test_the_banks_texts_reach_the_page_as_text_not_markup() -> None:
    page = Inputs(rendered(NASTY))

    assert "b" not in page.tags
    assert "i" not in page.tags
    assert "script" not in page.tags
    assert '<b>"A" & B\'s</b>' in page.text  # the label, as text
    assert "<i>&amp;</i>" in page.text  # the help, as text: escaped once, not twice
    assert "A & <b>" in page.text
    assert 'say "hi" <script>' in page.text


def test_it_writes_one_labelled_input_per_choice_and_ticks_the_stored_answer() -> None:
    html = rendered(NASTY, "b")
    page = Inputs(html)

    assert [(i["type"], i["name"], i["value"]) for i in page.inputs] == [
        ("radio", "pick", "a"),
        ("radio", "pick", "b"),
    ]
    assert ["checked" in i for i in page.inputs] == [False, True]
    for item in page.inputs:
        assert f'<label for="{item["id"]}">' in html


def test_a_viewer_gets_disabled_inputs() -> None:
    page = Inputs(rendered(NASTY, "a", viewer=True))

    assert all("disabled" in item for item in page.inputs)


def test_a_multi_question_that_may_be_empty_gets_checkboxes_and_none_of_these() -> None:
    multi = Question(
        id="many",
        criterion="risk",
        kind="multi",
        label="Pick any",
        help="",
        choices=(Choice("x", "X"),),
        allow_empty=True,
    )
    page = Inputs(rendered(multi, [NONE_OF_THESE]))

    assert [(i["type"], i["value"], "checked" in i) for i in page.inputs] == [
        ("checkbox", "x", False),
        ("checkbox", NONE_OF_THESE, True),
    ]
    assert "None of these" in page.text


def test_a_number_box_shows_its_unit_and_a_stored_whole_number_without_a_point() -> None:
    number = Question(
        id="growth",
        criterion="tco",
        kind="number",
        label="Growth",
        help="",
        minimum=-50,
        maximum=500,
        unit="% per month",
    )
    page = Inputs(rendered(number, 3.0))

    assert page.inputs[0]["value"] == "3"
    assert page.inputs[0]["type"] == "text"  # what was typed comes back, even if not a number
    assert "% per month" in page.text


def test_each_form_has_fields_of_its_own() -> None:
    # Disabling a viewer's fields must not reach anyone else's form.
    viewer_form = area_form("latency")
    read_only(viewer_form)
    editor_form = area_form("latency")

    assert all(field.disabled for field in viewer_form.fields.values())
    assert not any(field.disabled for field in editor_form.fields.values())
    assert viewer_form.fields["offline"].widget is not editor_form.fields["offline"].widget
