"""mrkdwn on the sandbox page: formatting, links, mentions, quotes, emoji, and `<!date^…>` in
the reader's own zone and language, as Slack shows it."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.render.slack_text import date_token, time_token
from bot.sandbox.mrkdwn import Viewer, to_html

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
MEETING = datetime(2027, 1, 7, 13, tzinfo=UTC)  # 14:00 in Amsterdam, 13:00 in London


def viewer(zone="Europe/Amsterdam", language="nl"):
    return Viewer(zone=zone, language=language, now=NOW, names={"U0ANNA": "Anna de Vries"},
                  channels={"C0GROUP": "wijkteam-noord"})


def test_bold_italics_strike_code_and_quotes():
    out = to_html("*Vraag:* _hoe_ ~niet~ `/intervisie setup`\n&gt; geciteerd\nverder", viewer())
    assert out == ("<b>Vraag:</b> <i>hoe</i> <s>niet</s> <code>/intervisie setup</code><br>"
                   "<blockquote>geciteerd</blockquote>verder")


def test_links_mentions_and_emoji():
    out = to_html("<https://example.org|de site> <@U0ANNA> <!here> :white_check_mark: "
                  "<#C0GROUP>", viewer())
    assert '<a href="https://example.org" target="_blank" rel="noopener">de site</a>' in out
    assert '<span class="mention">@Anna de Vries</span>' in out
    assert '<span class="mention">@here</span>' in out and "✅" in out
    assert '<span class="mention">#wijkteam-noord</span>' in out


def test_a_date_token_is_shown_in_the_readers_zone_and_language():
    token = date_token(MEETING, "nl", "Europe/Amsterdam")
    assert "donderdag 7 januari 2027 14:00" in to_html(token, viewer())
    london = to_html(token, viewer("Europe/London", "en"))
    assert "Thursday, January 7, 2027 13:00" in london
    assert "13:00" in to_html(time_token(MEETING, "Europe/Amsterdam"), viewer("Europe/London"))


def test_pretty_dates_say_today_and_tomorrow_by_the_sandbox_clock():
    soon = to_html(date_token(datetime(2026, 12, 2, 13, tzinfo=UTC), "nl", "Europe/Amsterdam"),
                   viewer())
    assert "morgen 14:00" in soon


def test_a_bad_date_token_shows_its_fallback():
    assert "eerder" in to_html("<!date^soon^{date}|eerder>", viewer())


def test_no_html_gets_through():
    out = to_html("<javascript:alert(1)|klik> &lt;script&gt;", viewer())
    assert 'href="#"' in out and "<script>" not in out and "&lt;script&gt;" in out


def test_every_emoji_the_bot_writes_is_drawn_as_an_emoji():
    """A shortcode the sandbox doesn't know shows as `:name:` text, which Slack never would."""
    import re
    from pathlib import Path

    from bot.sandbox.mrkdwn import EMOJI

    root = Path(__file__).resolve().parents[2]
    used = {name for folder in ("flows/content", "bot/render", "flows")
            for path in (root / folder).rglob("*.*") if path.suffix in (".toml", ".py")
            for name in re.findall(r"(?<![\w}]):([a-z0-9_]+):(?![\w{])", path.read_text("utf-8"))
            if not name.isdigit()}
    assert used - set(EMOJI) == set()
