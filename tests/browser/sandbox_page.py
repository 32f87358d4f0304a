"""Gestures on the sandbox page for the browser tests, by Slack's ids (action ids, block ids)
rather than by words, so the tests hold in both languages."""

from __future__ import annotations

from playwright.sync_api import Page, expect

CHANNEL = "C0INTERVISIE"


def act_as(page: Page, user: str) -> None:
    page.select_option("#person", user)


def open_channel(page: Page) -> None:
    page.click(f'[data-conv="{CHANNEL}"]')


def open_app(page: Page, user: str, tab: str = "messages") -> None:
    page.click(f'[data-conv="D{user}"]')
    page.click(f'#tabs [data-tab="{tab}"]')


def send(page: Page, text: str) -> None:
    page.fill("#text", text)
    page.press("#text", "Enter")


def modal(page: Page):
    box = page.locator("#modal")
    expect(box).to_be_visible()
    return page.locator("#modal-body")


def fill(page: Page, block_id: str, text: str) -> None:
    modal(page).locator(f'[data-block-id="{block_id}"] input, '
                        f'[data-block-id="{block_id}"] textarea').first.fill(text)


def submit(page: Page) -> None:
    page.click("#modal-submit")


def button(page: Page, action_id: str, within: str = "#messages"):
    return page.locator(f'{within} [data-action-id="{action_id}"]').last


def next_planned(page: Page, until, tries: int = 12) -> None:
    """Press "Next planned moment" until `until()` is true (each press fires one moment)."""
    for _ in range(tries):
        if until():
            return
        page.click("#next")
        page.wait_for_timeout(400)
    assert until(), "nothing planned brought it about"


def has_action(sandbox, channel: str, action_id: str) -> bool:
    """Whether a message in `channel` (a DM: "D" + user) has the button or menu `action_id`."""
    return any(element.get("action_id") == action_id
               for message in sandbox.slack.messages(channel)
               for block in message.get("blocks") or []
               for element in [block.get("accessory") or {}, *(block.get("elements") or [])])
