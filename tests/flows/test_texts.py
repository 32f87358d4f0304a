"""Both languages say the same things: same keys, same placeholders."""

from flows.commands import LISTED
from flows.texts import LANGUAGES, catalogue, language_for_locale, placeholders, render


def test_every_key_is_in_both_languages_with_the_same_placeholders():
    nl, en = catalogue("nl"), catalogue("en")
    assert set(nl) == set(en)
    for key in en:
        assert placeholders(nl[key]) == placeholders(en[key]), key
        assert nl[key].strip() and en[key].strip(), key


def test_every_listed_command_has_help_in_both_languages():
    for language in LANGUAGES:
        for command in LISTED:
            assert f"/intervisie {command.value}" in render(language, f"help.command.{command}")


def test_locale_decides_the_language():
    assert language_for_locale("nl-NL") == "nl"
    assert language_for_locale("nl_BE") == "nl"
    assert language_for_locale("en-GB") == "en"
    assert language_for_locale("de-DE") == "en"
    assert language_for_locale(None) == "en"
