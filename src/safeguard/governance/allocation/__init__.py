"""Allocating a new case: suggestions of workers with room for it, the manager's decision kept
as a governance record (with its history), the teams each manager answers for, and the leaders'
workforce page (team figures only, through ``safeguard.aggregates.workforce``)."""
