"""The council's own questions in the assurance framework (issue 8, point 1).

The product's framework (``safeguard.framework``) is data shipped with the code; a council adds
questions of its own without touching code, on the Assurance framework page or with
``safeguard framework import FILE``. Each is a governance record (``models.CouncilQuestion``):
who added it and when, its full history, in use or retired, never deleted, because challenges
and self-assessments may cite it by its id (``council.<factor>.NNN``).

- ``models``: the council's question and its two transitions (retire, put back in use);
- ``services``: adding, retiring and importing questions, and the framework with them added;
- ``views``, ``urls``, ``templates/framework``: the Assurance framework page, a question's page
  with its history, and the form to add one;
- ``demo``: three believable questions of the demo council's own (``safeguard demo``).
"""
