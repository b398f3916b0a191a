from decisions.demo import SUPPORT_CHAT
from scoring.model import score


def test_it_recommends_closed_for_the_support_chat() -> None:
    assert score(SUPPORT_CHAT).recommendation == "closed"
