"""The challenge log: leaders' questions to the service, each answered with evidence.

Seed 000 §2 and §5 make the Lead Member, the Chief Executive, scrutiny and the partnership's
chair the people who hold the service to account; seed 004 says the Chief Executive should
expect to be briefed and to ask. A challenge is raised from the page where the question arose
(an indicator, an early warning, a question of the framework), assigned to someone in the
Director's team with a due date, answered with evidence, followed up or closed by whoever asked,
and reopened if the answer does not hold. Nothing is deleted: the log is what an inspector
asks to see of leaders' challenge.
"""
