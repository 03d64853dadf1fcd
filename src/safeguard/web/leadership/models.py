"""The leaders' pages keep no records of their own.

Acknowledgements of early warnings were kept here until warnings had owners; they now live,
one per person, in ``safeguard.governance.warning_owners`` (its migration 0002 carried the old
ones over), and this app's migration 0002 removed the old table.
"""
