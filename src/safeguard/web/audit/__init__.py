"""The access log: one append-only record per child-level view, change and refusal."""
