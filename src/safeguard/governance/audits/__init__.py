"""Case audits (LMCS guide §4.1, factor 5; London procedures §18.2.14 and §18.4): rounds of
audits drawn from a snapshot, graded by auditors, moderated, and turned into learning and plan
actions.

- ``judgements``: the domains a case is graded on, the four-point scale, the learning themes and
  the agencies an auditor may come from, as data.
- ``sampling``: drawing a round's children from a snapshot (at random or weighted to risk,
  reproducibly from a seed) and reading a drawn child's rows for the people auditing them. The
  only module of the governance records that reads child-level data (``.importlinter``).
- ``models``: a round (``AuditProgramme``), each audited case (``AuditCase``) and who audits it
  (``CaseAuditor``).
- ``services``: every change, through ``safeguard.governance.workflow.transitions``, and who may
  open which case.
- ``results``: grades by domain, team and theme, round by round, with small numbers suppressed for
  people who see aggregates only.
"""
