"""Block Kit as HTML for the sandbox page, close enough to Slack's look to be used.

Every interactive element carries `data-block-id`, `data-action-id` and `data-type`, so the
page's script can send Slack's payload for it; `data-dispatch` marks elements that send a
`block_actions` at once (everything in messages and on Home; in modals only actions blocks,
accessories and inputs with `dispatch_action`). A block or element type this file does not
know is drawn as a visible placeholder, never dropped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape
from typing import Any

from bot.sandbox.mrkdwn import EMOJI, EMOJI_CODE, Viewer, plain_to_html, to_html


@dataclass(frozen=True)
class Surface:
    """Where blocks are drawn: a message, a modal or the Home tab; errors per block_id."""

    kind: str = "message"  # "message" | "modal" | "home"
    viewer: Viewer = field(default_factory=Viewer)
    people: tuple[tuple[str, str], ...] = ()  # (user id, name) for user menus
    errors: dict[str, str] = field(default_factory=dict)


def render_blocks(blocks: list[dict] | None, surface: Surface) -> str:
    return "".join(render_block(block, surface) for block in blocks or [])


def text_html(obj: Any, surface: Surface) -> str:
    if isinstance(obj, str):
        return plain_to_html(obj)
    if not isinstance(obj, dict):
        return ""
    if obj.get("type") == "mrkdwn":
        return to_html(obj.get("text", ""), surface.viewer)
    text = obj.get("text", "")
    if obj.get("emoji", True):
        text = EMOJI_CODE.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), text)
    return plain_to_html(text)


def unknown(kind: str, what: str = "block") -> str:
    return (f'<div class="bk-unknown" role="note">Not shown in the sandbox: {what} type '
            f"<code>{escape(str(kind))}</code></div>")


def render_block(block: dict, surface: Surface) -> str:
    kind = block.get("type")
    block_id = escape(str(block.get("block_id", "")))
    renderer = _BLOCKS.get(str(kind))
    if renderer is None:
        return unknown(str(kind))
    return (f'<div class="bk-block bk-{kind}" data-block-id="{block_id}">'
            f"{renderer(block, surface)}</div>")


def _section(block: dict, surface: Surface) -> str:
    out = ""
    if block.get("text"):
        out += f'<div class="bk-text">{text_html(block["text"], surface)}</div>'
    if block.get("fields"):
        out += '<div class="bk-fields">' + "".join(
            f'<div class="bk-field">{text_html(f, surface)}</div>' for f in block["fields"]
        ) + "</div>"
    accessory = block.get("accessory")
    if accessory:
        element = render_element(accessory, block, surface, dispatch=True)
        return f'<div class="bk-section-row"><div class="bk-main">{out}</div>' \
               f'<div class="bk-accessory">{element}</div></div>'
    return out


def _header(block: dict, surface: Surface) -> str:
    return f"<h3>{text_html(block.get('text'), surface)}</h3>"


def _divider(block: dict, surface: Surface) -> str:
    return "<hr>"


def _context(block: dict, surface: Surface) -> str:
    parts = []
    for element in block.get("elements") or []:
        if element.get("type") == "image":
            parts.append(_img(element, "bk-context-img"))
        elif element.get("type") in ("mrkdwn", "plain_text"):
            parts.append(f"<span>{text_html(element, surface)}</span>")
        else:
            parts.append(unknown(element.get("type"), "context element"))
    return "".join(parts)


def _actions(block: dict, surface: Surface) -> str:
    return "".join(render_element(e, block, surface, dispatch=True)
                   for e in block.get("elements") or [])


def _input(block: dict, surface: Surface) -> str:
    block_id = str(block.get("block_id", ""))
    word = "optioneel" if surface.viewer.language == "nl" else "optional"
    optional = f' <span class="bk-optional">({word})</span>' if block.get("optional") else ""
    out = f'<label class="bk-label">{text_html(block.get("label"), surface)}{optional}</label>'
    dispatch = bool(block.get("dispatch_action")) or surface.kind != "modal"
    out += render_element(block.get("element") or {}, block, surface, dispatch=dispatch,
                          in_input=True)
    if block.get("hint"):
        out += f'<div class="bk-hint">{text_html(block["hint"], surface)}</div>'
    if block_id in surface.errors:
        out += f'<div class="bk-error" role="alert">{escape(surface.errors[block_id])}</div>'
    return out


def _image(block: dict, surface: Surface) -> str:
    title = f"<figcaption>{text_html(block['title'], surface)}</figcaption>" if block.get(
        "title") else ""
    return f"<figure>{_img(block, 'bk-image')}{title}</figure>"


def _rich_text(block: dict, surface: Surface) -> str:
    def inline(items: list[dict]) -> str:
        out = ""
        for item in items:
            if item.get("type") == "text":
                text = escape(item.get("text", "")).replace("\n", "<br>")
                style = item.get("style") or {}
                for flag, tag in (("bold", "b"), ("italic", "i"), ("strike", "s"),
                                  ("code", "code")):
                    if style.get(flag):
                        text = f"<{tag}>{text}</{tag}>"
                out += text
            elif item.get("type") == "link":
                out += (f'<a href="{escape(item.get("url", "#"))}" target="_blank" '
                        f'rel="noopener">{escape(item.get("text") or item.get("url", ""))}</a>')
            elif item.get("type") == "user":
                name = surface.viewer.names.get(item.get("user_id", ""), item.get("user_id"))
                out += f'<span class="mention">@{escape(str(name))}</span>'
            elif item.get("type") == "emoji":
                code = item.get("unicode")
                out += escape(chr(int(code.split("-")[0], 16)) if code
                              else f":{item.get('name', '')}:")
            else:
                out += unknown(item.get("type"), "rich text element")
        return out

    out = ""
    for part in block.get("elements") or []:
        kind = part.get("type")
        if kind == "rich_text_section":
            out += f"<p>{inline(part.get('elements') or [])}</p>"
        elif kind == "rich_text_list":
            tag = "ol" if part.get("style") == "ordered" else "ul"
            items = "".join(f"<li>{inline(i.get('elements') or [])}</li>"
                            for i in part.get("elements") or [])
            out += f"<{tag}>{items}</{tag}>"
        elif kind == "rich_text_quote":
            out += f"<blockquote>{inline(part.get('elements') or [])}</blockquote>"
        elif kind == "rich_text_preformatted":
            out += f"<pre>{inline(part.get('elements') or [])}</pre>"
        else:
            out += unknown(kind, "rich text part")
    return out


def _markdown(block: dict, surface: Surface) -> str:
    return to_html(block.get("text", ""), surface.viewer)


def _img(obj: dict, css: str) -> str:
    url = str(obj.get("image_url") or (obj.get("slack_file") or {}).get("url") or "")
    safe = url if url.startswith(("http://", "https://", "/")) else ""
    return f'<img class="{css}" src="{escape(safe)}" alt="{escape(obj.get("alt_text", ""))}">'


_BLOCKS = {"section": _section, "header": _header, "divider": _divider, "context": _context,
           "actions": _actions, "input": _input, "image": _image, "rich_text": _rich_text,
           "markdown": _markdown}


# -- elements --------------------------------------------------------------------------------


def render_element(element: dict, block: dict, surface: Surface, dispatch: bool,
                   in_input: bool = False) -> str:
    from bot.sandbox.blocks_elements import ELEMENTS  # elements live apart (module size)

    kind = str(element.get("type"))
    renderer = ELEMENTS.get(kind)
    if renderer is None:
        return unknown(kind, "element")
    attrs = (f'data-block-id="{escape(str(block.get("block_id", "")))}" '
             f'data-action-id="{escape(str(element.get("action_id", "")))}" '
             f'data-type="{escape(kind)}"' + (' data-dispatch="1"' if dispatch else "")
             + (' data-input="1"' if in_input else ""))
    if element.get("confirm"):
        attrs += f' data-confirm="{escape(json.dumps(_confirm(element["confirm"], surface)))}"'
    return renderer(element, attrs, surface)


def _confirm(confirm: dict, surface: Surface) -> dict:
    return {"title": text_html(confirm.get("title"), surface),
            "text": text_html(confirm.get("text"), surface),
            "confirm": text_html(confirm.get("confirm") or "Yes", surface),
            "deny": text_html(confirm.get("deny") or "Cancel", surface),
            "style": confirm.get("style", "primary")}
