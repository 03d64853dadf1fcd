"""The safeguarding partnership's business (seed 003 §18.2-18.4; DOMAIN.md §2.D, "safeguarding
board").

The partnership's agencies and their named members (the statutory partners, two lay members,
schools: seed 003 §18.3.15-18.3.31); its meetings and who came from each agency, and whether
they could speak for and commit their agency (seed 003 §18.3.16); its sub-groups, each with
terms of reference and a chair (seed 003 §18.3.41-18.3.44); the work programme with its
objectives, owners, dates and budget (seed 003 §18.3.59) and what each agency pays in (seed 003
§18.3.49-18.3.53); the section 11 audits of each agency against the standards, with the
partnership's challenge and the follow-up agreed (seed 003 §18.2.15, §18.4.1); and the
escalation of an agency that is not performing, to its most senior people, its inspectorate and
then the government department (seed 003 §18.4.2).

Who sees what: everyone who reads the partnership's business sees its members, meetings,
sub-groups, work programme and budget. An agency's own records (its section 11 audits, any
escalation about it, its page) are seen by its own members and by the partnership's chair and
business unit, never by another agency's members.
"""
