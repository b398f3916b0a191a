"""Writes, and the calls into the scoring domain that views and tasks share, by noun:

- ``board``: the board's weights, read (each member's, aggregated, their spread);
- ``evaluations``: a decision scored with the board's weights and its cost basis, and the
  scoring runs stored when one of those changes;
- ``answers``, ``weights``, ``simulations``: the writes, each storing a new scoring run when
  it changes what the decision is scored on.
"""
