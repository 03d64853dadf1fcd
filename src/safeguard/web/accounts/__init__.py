"""People, roles, signing in (password, then a one-time code), lockout and session limits."""
