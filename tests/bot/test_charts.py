"""The group's charts from fixed numbers: the PNG decodes at its size, averages only with three
or more check-outs, words for screen readers, and image addresses nobody can forge."""

import io
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from PIL import Image

from bot.chart_links import ChartLinks
from bot.render.charts import HEIGHT, WIDTH, chart_png, chart_text, group_charts_file
from flows.charts import MeetingFacts, for_coordinators, group_charts
from flows.group import Group
from flows.meeting import Meeting, MeetingStatus
from flows.recurrence import Schedule

JAN = datetime(2027, 1, 7, 13, 0, tzinfo=UTC)
NOW = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)
GROUP = Group(team_id="T1", channel_id="C1", name="Coaches", members=("ann", "bob", "cas"),
              coordinators=("ann",), language="en", id=7,
              schedule=Schedule("FREQ=MONTHLY;BYDAY=+1TH", date(2027, 1, 7), time(14, 0),
                                "Europe/Amsterdam", 90))


def facts(n: int, method: str | None, scores: tuple[int, ...], coming=("ann", "bob", "cas"),
          **changes) -> MeetingFacts:
    at = JAN + timedelta(weeks=4 * n)
    meeting = Meeting(group_id=7, occurrence=at, start=at, duration_minutes=90, id=n + 1,
                      status=MeetingStatus.HELD, coming=frozenset(coming))
    return MeetingFacts(replace(meeting, **changes), method, scores)


def charts():
    return group_charts(GROUP, [
        facts(0, "five_step", (4, 5, 3)),
        facts(1, "five_step", (5, 1), coming=("ann", "bob")),  # two check-outs: no average
        facts(2, "ten_step", (2, 2, 3, 5)),
        facts(3, "ten_step", (5, 5, 5), status=MeetingStatus.CANCELLED),  # not held
    ], NOW)


def test_counts_and_averages_per_meeting_never_with_fewer_than_three():
    made = charts()
    assert [(p.attendance, p.usefulness) for p in made.points] == [(3, 4.0), (2, None),
                                                                    (3, 3.0)]
    assert made.methods == (("five_step", 2), ("ten_step", 1))
    assert group_charts(GROUP, [facts(0, None, (), status=MeetingStatus.PLANNED,
                                      start=NOW + timedelta(days=1))], NOW) is None


def test_the_png_decodes_at_its_size_in_both_languages():
    for lang in ("nl", "en"):
        image = Image.open(io.BytesIO(chart_png(charts(), lang)))
        image.load()
        assert (image.format, image.size) == ("PNG", (WIDTH, HEIGHT)) == ("PNG", (960, 320))
    one = group_charts(GROUP, [facts(0, None, ())], NOW)  # one meeting, nothing else known
    assert Image.open(io.BytesIO(chart_png(one, "en"))).size == (960, 320)


def test_the_words_say_what_the_picture_shows():
    assert chart_text(charts(), "en") == (
        "Present per meeting: 07/01: 3, 04/02: 2, 04/03: 3. Average usefulness from the "
        "check-outs (only with 3 or more): 07/01: 4, 04/03: 3. Methods used: Five-step "
        "method 2, Ten-step method 1.")


def test_each_coordinator_gets_the_file_once_per_cause():
    (effect,) = for_coordinators(GROUP, charts(), key="evaluation_charts:3")
    assert (effect.user, effect.key) == ("ann", "evaluation_charts:3:ann")
    filename, title, content, comment, alt = group_charts_file(effect.document)
    assert (filename, title) == ("intervisie-charts.png", "Charts Coaches")
    assert content.startswith(b"\x89PNG") and alt == chart_text(charts(), "en")
    assert "Coaches" in comment and "No one's own answers" in comment
    assert for_coordinators(GROUP, None, key="x") == ()


def test_image_addresses_are_signed_and_change_with_the_picture():
    links = ChartLinks("https://bot.example.org/", "secret")
    url = links.url(charts(), "en")
    path = url.removeprefix("https://bot.example.org")
    assert path.startswith("/charts/7/") and links.verified(path) == (7, "en")
    assert ChartLinks("https://bot.example.org", "other").verified(path) is None
    assert links.verified(path.replace("/charts/7/", "/charts/8/")) is None
    changed = replace(charts(), points=charts().points[:2])
    assert links.url(changed, "en") != url and links.url(charts(), "nl") != url
