"""The pure core of the intervision bot: decisions, rules and content, with no I/O of its own."""
