"""The Slack shell of the intervision bot: the only package that talks to Slack or threads."""
