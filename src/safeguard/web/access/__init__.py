"""Access control: the policy table (``policy``) and the middleware that enforces it."""
