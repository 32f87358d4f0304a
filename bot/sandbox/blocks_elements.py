"""Block Kit's interactive elements as HTML form controls (see blocks_html.py for the blocks).

Each renderer gets the element, the data attributes that tie it to its block and action, and
the surface; it returns HTML whose values the page's script reads back into Slack's state.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from bot.sandbox.blocks_html import Surface, text_html


def _options(element: dict) -> list[dict]:
    if element.get("option_groups"):
        return [o for group in element["option_groups"] for o in group.get("options") or []]
    return list(element.get("options") or [])


def _selected_values(element: dict) -> set[str]:
    chosen = set()
    if element.get("initial_option"):
        chosen.add(element["initial_option"].get("value"))
    for option in element.get("initial_options") or []:
        chosen.add(option.get("value"))
    return chosen


DEFAULTS = {"select": {"en": "Select an item", "nl": "Selecteer een item"},
            "user": {"en": "Select a person", "nl": "Selecteer een persoon"}}


def _placeholder(element: dict, surface: Surface, default: str = "select") -> str:
    if element.get("placeholder"):
        return text_html(element["placeholder"], surface)
    return DEFAULTS[default].get(surface.viewer.language, DEFAULTS[default]["en"])


def button(element: dict, attrs: str, surface: Surface) -> str:
    style = element.get("style")
    css = f"bk-button bk-{style}" if style in ("primary", "danger") else "bk-button"
    value = escape(str(element.get("value", "")))
    if element.get("url"):
        return (f'<a class="{css}" href="{escape(element["url"])}" target="_blank" '
                f'rel="noopener" {attrs} data-value="{value}">'
                f"{text_html(element.get('text'), surface)}</a>")
    return (f'<button type="button" class="{css}" {attrs} data-value="{value}">'
            f"{text_html(element.get('text'), surface)}</button>")


def static_select(element: dict, attrs: str, surface: Surface) -> str:
    chosen = _selected_values(element)
    options = "".join(
        f'<option value="{escape(str(o.get("value", "")))}"'
        f'{" selected" if o.get("value") in chosen else ""}>'
        f"{escape(o.get('text', {}).get('text', ''))}</option>" for o in _options(element))
    empty = "" if chosen else f'<option value="" selected disabled>' \
                               f"{_placeholder(element, surface)}</option>"
    return f'<select class="bk-select" {attrs}>{empty}{options}</select>'


def overflow(element: dict, attrs: str, surface: Surface) -> str:
    options = "".join(f'<option value="{escape(str(o.get("value", "")))}">'
                      f"{escape(o.get('text', {}).get('text', ''))}</option>"
                      for o in _options(element))
    return (f'<select class="bk-overflow" aria-label="More" {attrs}>'
            f'<option value="" selected disabled>⋯</option>{options}</select>')


def users_select(element: dict, attrs: str, surface: Surface) -> str:
    chosen = element.get("initial_user")
    options = "".join(f'<option value="{escape(uid)}"{" selected" if uid == chosen else ""}>'
                      f"{escape(name)}</option>" for uid, name in surface.people)
    empty = "" if chosen else f'<option value="" selected disabled>' \
                               f"{_placeholder(element, surface, 'user')}</option>"
    return f'<select class="bk-select" {attrs}>{empty}{options}</select>'


def _check_list(items: list[tuple[str, str, str]], chosen: set[str], attrs: str,
                input_type: str, css: str) -> str:
    """Radio buttons or checkboxes: (value, label html, description html) per option."""
    rows = "".join(
        f'<label class="bk-choice"><input type="{input_type}" value="{escape(value)}"'
        f'{" checked" if value in chosen else ""}><span>{label}'
        f'{f"<small>{description}</small>" if description else ""}</span></label>'
        for value, label, description in items)
    return f'<div class="{css}" {attrs}>{rows}</div>'


def multi_users_select(element: dict, attrs: str, surface: Surface) -> str:
    chosen = set(element.get("initial_users") or [])
    items = [(uid, escape(name), "") for uid, name in surface.people]
    return _check_list(items, chosen, attrs, "checkbox", "bk-multi")


def multi_static_select(element: dict, attrs: str, surface: Surface) -> str:
    items = [(str(o.get("value", "")), escape(o.get("text", {}).get("text", "")), "")
             for o in _options(element)]
    return _check_list(items, _selected_values(element), attrs, "checkbox", "bk-multi")


def _choices(element: dict, surface: Surface) -> list[tuple[str, str, str]]:
    return [(str(o.get("value", "")), text_html(o.get("text"), surface),
             text_html(o["description"], surface) if o.get("description") else "")
            for o in _options(element)]


def radio_buttons(element: dict, attrs: str, surface: Surface) -> str:
    return _check_list(_choices(element, surface), _selected_values(element), attrs, "radio",
                       "bk-radios")


def checkboxes(element: dict, attrs: str, surface: Surface) -> str:
    return _check_list(_choices(element, surface), _selected_values(element), attrs,
                       "checkbox", "bk-checks")


def datepicker(element: dict, attrs: str, surface: Surface) -> str:
    value = escape(element.get("initial_date") or "")
    return f'<input class="bk-date" type="date" value="{value}" {attrs}>'


def timepicker(element: dict, attrs: str, surface: Surface) -> str:
    value = escape(element.get("initial_time") or "")
    return f'<input class="bk-time" type="time" value="{value}" {attrs}>'


def plain_text_input(element: dict, attrs: str, surface: Surface) -> str:
    value = escape(element.get("initial_value") or "")
    placeholder = escape(element.get("placeholder", {}).get("text", ""))
    limit = f' maxlength="{int(element["max_length"])}"' if element.get("max_length") else ""
    if element.get("multiline"):
        return (f'<textarea class="bk-textarea" rows="4" placeholder="{placeholder}"{limit} '
                f"{attrs}>{value}</textarea>")
    return (f'<input class="bk-textinput" type="text" value="{value}" '
            f'placeholder="{placeholder}"{limit} {attrs}>')


def number_input(element: dict, attrs: str, surface: Surface) -> str:
    value = escape(str(element.get("initial_value") or ""))
    bounds = "".join(f' {html_name}="{escape(str(element[key]))}"'
                     for key, html_name in (("min_value", "min"), ("max_value", "max"))
                     if element.get(key) not in (None, ""))
    step = "any" if element.get("is_decimal_allowed") else "1"
    return (f'<input class="bk-number" type="number" inputmode="decimal" step="{step}" '
            f'value="{value}"{bounds} {attrs}>')


def image(element: dict, attrs: str, surface: Surface) -> str:
    url = str(element.get("image_url") or "")
    safe = url if url.startswith(("http://", "https://", "/")) else ""
    alt = escape(element.get("alt_text", ""))
    return f'<img class="bk-img-el" src="{escape(safe)}" alt="{alt}">'


ELEMENTS: dict[str, Callable[[dict, str, Surface], str]] = {
    "button": button, "static_select": static_select, "overflow": overflow,
    "users_select": users_select, "multi_users_select": multi_users_select,
    "multi_static_select": multi_static_select, "radio_buttons": radio_buttons,
    "checkboxes": checkboxes, "datepicker": datepicker, "timepicker": timepicker,
    "plain_text_input": plain_text_input, "number_input": number_input, "image": image,
}
