"""Moved to bot/sandbox/slack/fake_views_files.py (one Slack stand-in for sandbox and tests).

This name stays for tests written before the move; it is the very same module object.
"""

import sys

from bot.sandbox.slack import fake_views_files

sys.modules[__name__] = fake_views_files
