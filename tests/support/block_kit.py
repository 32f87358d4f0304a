"""Moved to bot/sandbox/slack/block_kit.py (one Slack stand-in for the sandbox and the tests).

This name stays for tests written before the move; it is the very same module object.
"""

import sys

from bot.sandbox.slack import block_kit

sys.modules[__name__] = block_kit
