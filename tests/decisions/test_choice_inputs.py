"""The step's radio buttons and checkboxes, written by ``decisions.forms.choice_inputs``."""

from decisions.forms import NONE_OF_THESE, choice_inputs
from scoring.questions import Choice, Question

QUESTION = Question(
    id="pick",
    criterion="risk",
    kind="one",
    label="Pick one",
    help="",
    choices=(Choice("a", "A & <b>", 'say "hi"'), Choice("b", "B")),
)


def test_it_writes_one_labelled_input_per_choice_and_ticks_the_selected_one() -> None:
    assert choice_inputs(QUESTION, {"b"}, "") == (
        '<label for="id_pick_0"><input type="radio" name="pick" id="id_pick_0" value="a">'
        "<span>A &amp; &lt;b&gt;"
        '<span class="choice-help">say &quot;hi&quot;</span></span></label>'
        '<label for="id_pick_1"><input type="radio" name="pick" id="id_pick_1" value="b" checked>'
        "<span>B</span></label>"
    )


def test_a_viewer_gets_disabled_inputs() -> None:
    html = choice_inputs(QUESTION, {"a"}, " disabled")
    assert 'value="a" checked disabled>' in html
    assert 'value="b" disabled>' in html


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
    html = choice_inputs(multi, {NONE_OF_THESE}, "")
    assert html.count('type="checkbox"') == 2
    assert f'id="id_many_1" value="{NONE_OF_THESE}" checked>' in html
    assert "None of these" in html
