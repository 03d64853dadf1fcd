"""The assurance framework as data: for each of the seven factors of effective safeguarding
(``safeguard.factors``), what good looks like and the questions leaders should ask, each citing
the section of the guidance it rests on (seed 000 §3.1 and §4.1, with the questions of seeds
001, 003 and 004 placed under their factors), each question linked to the indicators that
inform it.

The statements and questions live in versioned TOML files beside this module, one per factor
plus ``framework.toml``; ``load_framework()`` reads and checks them (no Django here). A council's
own questions live in the application database (``safeguard.governance.framework``) and are
added with ``Framework.with_council_questions``. ``exports`` writes the framework as JSON, CSV
and Markdown (``docs/framework.md``); ``additions`` reads and checks a council's own questions.
"""

from safeguard.framework.reading import FrameworkError, Problem, cited_seed, load_framework, read_framework
from safeguard.framework.statements import COUNCIL_SOURCE, FactorStatements, Framework, Question, Statement

__all__ = [
    "COUNCIL_SOURCE",
    "FactorStatements",
    "Framework",
    "FrameworkError",
    "Problem",
    "Question",
    "Statement",
    "cited_seed",
    "load_framework",
    "read_framework",
]
