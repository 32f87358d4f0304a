"""Turning flows' messages and forms into Block Kit, in the group's or the user's language."""
