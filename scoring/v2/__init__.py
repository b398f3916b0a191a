"""Scoring model v2: what it changes from v1 (``scoring/model.py``, frozen).

rules          v1's fit table, with every stated must-have a requirement that knocks out the
               options that cannot meet it (and says how the others meet it, in part)
model          fits, knock-outs with remedies, the weighted sum, ranked explanations
answer_flips   for each option that does not win, the fewest answer changes that make it win
close_call     when the top two are too close for "recommended"
sensitivity    v2's sentences for the flip points and the robustness (same numbers as v1)
"""
