"""What a step prints that the question bank fixes, escaped in Python: the radio buttons and
checkboxes (``decisions.forms.choice_inputs``) and each question's texts (``_row_constants``)."""

from django.template import Context, Template

from decisions.forms import NONE_OF_THESE, _row_constants, choice_inputs
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


def test_a_made_up_questions_texts_are_escaped_once() -> None:
    nasty = Question(
        id="q",
        criterion="risk",
        kind="int",
        label='<b>"A" & B\'s</b>',
        help="<i>&amp;</i>",
        unit="<u>",
    )
    printed = _row_constants(nasty)
    assert printed["label"] == "&lt;b&gt;&quot;A&quot; &amp; B&#x27;s&lt;/b&gt;"
    assert printed["help"] == "&lt;i&gt;&amp;amp;&lt;/i&gt;"
    assert printed["unit"] == "&lt;u&gt;"
    # The template prints them as they are: escaped once, not twice.
    assert Template("{{ row.label }}").render(Context({"row": printed})) == printed["label"]
