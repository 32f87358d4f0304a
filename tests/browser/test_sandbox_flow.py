"""The whole cycle in the sandbox page, in a browser on a phone-sized screen: setup, the case,
the meeting with its phases, a card, a contribution, a refusal, the summary and the Home tab."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.sandbox_page import (
    CHANNEL,
    act_as,
    button,
    fill,
    has_action,
    modal,
    next_planned,
    open_app,
    open_channel,
    send,
    submit,
)

pytestmark = pytest.mark.browser
ANNA, BRAM, CARMEN, DAAN, JORIS = "U0ANNA", "U0BRAM", "U0CARMEN", "U0DAAN", "U0JORIS"


def control(page, name: str) -> None:
    """The facilitator opens their panel on the newest phase message and presses `name`."""
    panels = page.locator("#thread .ephemeral")
    before = panels.count()
    button(page, "live.panel", "#thread").click()
    expect(panels).to_have_count(before + 1)  # a new panel, for the phase of now
    button(page, f"live.control.{name}", "#thread .ephemeral").click()


def test_a_group_from_setup_to_the_summary_and_the_home_tab(page, sandbox, shots):
    # The coordinator sets the group up in its channel.
    act_as(page, ANNA)
    expect(page.locator("#messages")).to_contain_text("/intervisie setup")
    shots(page, "welcome")
    send(page, "/intervisie setup")
    form = modal(page)
    fill(page, "name", "Wijkteam Noord")
    for person in (BRAM, CARMEN, DAAN, "U0EVA"):
        form.locator(f'[data-block-id="members"] input[value="{person}"]').check()
    first = (sandbox.clock.now() + timedelta(days=30)).date()
    form.locator('[data-block-id="first_date"] input').fill(first.isoformat())
    shots(page, "setup-form")
    submit(page)
    # A monthly rhythm needs its week: the form says so at the field, keeping what was typed.
    expect(form.locator('[data-block-id="nth"] .bk-error')).to_be_visible()
    expect(form.locator('[data-block-id="name"] input')).to_have_value("Wijkteam Noord")
    shots(page, "setup-error")
    form.locator('[data-block-id="rhythm"] select').select_option("every_n_weeks")
    fill(page, "interval", "4")
    submit(page)
    expect(page.locator("#modal")).to_be_hidden()
    expect(page.locator("#messages")).to_contain_text("Wijkteam Noord")
    shots(page, "group-summary")

    # Time passes: the case bringer is asked for the case, and fills it in from the DM button.
    next_planned(page, lambda: has_action(sandbox, "D" + BRAM, "case.open"))
    act_as(page, BRAM)
    open_app(page, BRAM)
    expect(button(page, "case.open")).to_be_visible()
    shots(page, "case-request")
    button(page, "case.open").click()
    modal(page)
    fill(page, "title", "Een cliënt die niet meer opendoet")
    # Closing the form (view_closed) keeps a draft: opened again, the title is still there.
    page.click("#modal-x")
    expect(page.locator("#modal")).to_be_hidden()
    button(page, "case.open").click()
    expect(modal(page).locator('[data-block-id="title"] input')).to_have_value(
        "Een cliënt die niet meer opendoet")
    fill(page, "description", "Sinds drie weken doet mevrouw K. de deur niet meer open.")
    fill(page, "question", "Hoe kan ik weer contact krijgen zonder haar onder druk te zetten?")
    shots(page, "case-form")
    submit(page)
    expect(page.locator("#modal")).to_be_hidden()

    # The clock jumps to the meeting: the opening with Start appears in the channel.
    next_planned(page, lambda: has_action(sandbox, CHANNEL, "live.start"), tries=20)
    act_as(page, CARMEN)
    open_channel(page)
    expect(button(page, "live.start")).to_be_visible()
    shots(page, "opening")

    # The facilitator starts it; the phases run in the thread.
    button(page, "live.start").click()
    page.locator("#messages .replies").last.click()
    thread = page.locator("#thread")
    expect(thread).to_contain_text("1/")
    for phase in (2, 3):
        control(page, "next")
        expect(thread.locator("h3").last).to_contain_text(f"{phase}/")
    shots(page, "third-phase")

    # A card, drawn from the thread's message box; the facilitator moves on to the questions.
    replies = thread.locator(".msg")
    before = replies.count()
    page.fill("#thread-text", "/intervisie kaart energie")
    page.press("#thread-text", "Enter")
    expect(replies).to_have_count(before + 1)
    shots(page, "card")
    for phase in (4, 5):
        control(page, "next")
        expect(thread.locator("h3").last).to_contain_text(f"{phase}/")

    # A member adds a question to the flip-over through its form.
    act_as(page, DAAN)
    button(page, "live.form.add", "#thread").click()
    modal(page)
    fill(page, "text", "What did you try the last time she did open the door?")
    shots(page, "contribution-form")
    submit(page)
    expect(page.locator("#modal")).to_be_hidden()
    expect(thread).to_contain_text("What did you try the last time she did open the door?")
    act_as(page, CARMEN)
    page.set_viewport_size({"width": 1280, "height": 800})  # the README's picture
    page.evaluate("for (const id of ['messages', 'thread']) "
                  "document.getElementById(id).scrollTop = 1e6")
    shots(page, "desktop-meeting")
    page.set_viewport_size(PHONE)

    # Someone in the channel but not in the group asks for the facilitator's controls:
    # refused, only to them.
    act_as(page, JORIS)
    button(page, "live.panel", "#thread").click()
    refusal = thread.locator(".ephemeral")
    expect(refusal).to_have_count(1)  # the facilitator's own panels are not theirs to see
    expect(refusal).to_contain_text("Only visible to you")
    expect(refusal).to_contain_text("Alleen de gespreksleider")
    shots(page, "outsider-refused")
    expect(thread.locator("h3").last).to_contain_text("5/")
    act_as(page, CARMEN)
    expect(thread.locator(".ephemeral", has_text="Alleen de gespreksleider")).to_have_count(0)

    # The facilitator ends the meeting (after Slack's confirm dialog): the summary appears.
    control(page, "end")
    expect(page.locator("#confirm")).to_be_visible()
    shots(page, "confirm-end")
    page.click("#confirm-yes")
    # In a private channel the summary goes in the meeting's thread.
    expect(button(page, "action.new", "#thread")).to_be_visible()
    shots(page, "summary")
    page.click("#thread-close")

    # The coordinator's Home tab shows the next meeting.
    act_as(page, ANNA)
    open_app(page, ANNA, "home")
    expect(page.locator("#home")).to_contain_text("28 januari 2027")
    shots(page, "home")


def test_files_download_and_every_web_api_call_is_listed_with_its_scopes(page, sandbox, shots):
    act_as(page, ANNA)
    send(page, "/intervisie setup")
    form = modal(page)
    fill(page, "name", "Wijkteam Noord")
    form.locator('[data-block-id="rhythm"] select').select_option("weekly")
    first = (sandbox.clock.now() + timedelta(days=10)).date()
    form.locator('[data-block-id="first_date"] input').fill(first.isoformat())
    submit(page)
    expect(page.locator("#modal")).to_be_hidden()

    # The calendar file comes to the DM, and downloads as the .ics the bot uploaded.
    send(page, "/intervisie agenda")
    open_app(page, ANNA)
    link = page.locator("#messages a.file").last
    expect(link).to_contain_text(".ics")
    answer = page.request.get(sandbox.url + link.get_attribute("href"))
    assert answer.ok and answer.text().startswith("BEGIN:VCALENDAR")
    assert "attachment" in answer.headers["content-disposition"]
    shots(page, "calendar-file")

    # The privacy officer's list: every call, where, and the scope it needs.
    page.click("#calls-toggle")
    calls = page.locator("#calls")
    expect(calls).to_contain_text("files.completeUploadExternal")
    expect(calls.locator("tr", has_text="chat.postMessage").first).to_contain_text("chat:write")
    expect(calls.locator("tr", has_text="users.info").first).to_contain_text("users:read")
    shots(page, "web-api-calls")
