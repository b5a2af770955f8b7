"""Checking equations against the page's own code: symbols bound to a session's values and functions."""
