"""The Slack stand-in: a fake Web API server with a small workspace model and Block Kit checks,
shared by the sandbox and the test suite (tests/support re-exports it)."""
