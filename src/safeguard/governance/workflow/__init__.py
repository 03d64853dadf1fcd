"""One way to keep and move every governance record (seed 000 §4.1 factor 5: a plan, audits and
challenge that can be trusted as evidence).

- ``models``: the abstract bases every governance record builds on (a version number for stale
  edits, who made it and when, full history with django-simple-history, no deletion) and the
  append-only log of state transitions.
- ``transitions``: a ``Workflow`` per record type, its table of transitions (who may do which,
  from which states), ``apply_transition`` and ``save_edit``, the only two ways a record changes.
"""
