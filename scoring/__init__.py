"""The decision domain of openweigh: plain Python, no Django, no I/O.

questions   the question bank (v1) and answer validation
rules       model v1's fit rules and knock-outs, as a table (frozen)
model       model v1: fits, knock-outs with remedies, the weighted sum (frozen)
v2          model v2, current: requirements, ranked explanations, answer flips, close calls
evaluation  evaluate() with the current model, evaluate_v1(), reevaluate() of stored runs
sensitivity flip points and robustness (SMAA)
weights     direct, pairwise (AHP), group and suggested weights
wording     sentences for people: conditions in the bank's words, shares, break-even
tco         the cost model: inputs, defaults, closed form, Monte Carlo
"""
