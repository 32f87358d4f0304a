"""What the deliverer does with each way a send can fail: wait and try again (429 with its
Retry-After, 5xx, Slack unreachable) or give up for good (Slack refused it)."""

from urllib.error import URLError

from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.deliverer import MAX_BACKOFF, Refused, Retry, classify


def refusal(status: int, error: str, headers: dict | None = None) -> SlackApiError:
    response = SlackResponse(client=None, http_verb="POST", api_url="https://slack/api/x",
                             req_args={}, data={"ok": False, "error": error},
                             headers=headers or {}, status_code=status)
    return SlackApiError("refused", response)


def test_a_429_waits_its_retry_after():
    outcome = classify(refusal(429, "ratelimited", {"Retry-After": "7"}), attempts=0)
    assert isinstance(outcome, Retry) and outcome.after == 7


def test_server_errors_and_an_unreachable_slack_back_off_up_to_a_minute():
    assert isinstance(classify(refusal(503, "service_unavailable"), attempts=0), Retry)
    assert classify(refusal(500, "internal_error"), attempts=2).after == 4
    assert classify(URLError("connection refused"), attempts=20).after == MAX_BACKOFF


def test_a_refusal_for_good_is_not_tried_again():
    outcome = classify(refusal(200, "not_in_channel"), attempts=0)
    assert isinstance(outcome, Refused) and str(outcome) == "not_in_channel"
    assert isinstance(classify(LookupError("message x was never sent"), attempts=0), Refused)
