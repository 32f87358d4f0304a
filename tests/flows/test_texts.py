"""Both languages say the same things: same keys, same placeholders."""

from flows.commands import LISTED
from flows.texts import (
    LANGUAGES,
    Text,
    catalogue,
    language_for_locale,
    placeholders,
    plural_keys,
    render,
    template_for,
)


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


def test_every_counted_text_reads_right_for_zero_one_and_two():
    """Plural forms: "1 bijdrage" / "2 bijdragen", never "1 bijdragen"."""
    assert plural_keys("nl") == plural_keys("en")
    assert {"count.contributions", "setup.size_warning", "evaluation.summary.answers"} <= (
        plural_keys("nl"))
    wrong = {"nl": ("1 bijdragen", "1 casussen", "1 acties", "1 leden", "1 bijeenkomsten",
                    "1 mensen", "0 bijdrage "),
             "en": ("1 contributions", "1 cases", "1 actions", "1 members", "1 meetings",
                    "1 people", "1 times", "0 contribution ")}
    for language in LANGUAGES:
        for key in plural_keys(language):
            for count in (0, 1, 2):
                params = {name: "x" for name in placeholders(template_for(
                    language, Text(key, {"count": count})))}
                text = render(language, Text(key, {**params, "count": count})) + " "
                assert not any(w in text for w in wrong[language]), (key, count, text)
                assert (str(count) in text) or count == 1, (key, count, text)


def test_singular_and_plural_nouns():
    assert render("nl", "count.contributions", count=1) == "1 bijdrage"
    assert render("nl", "count.contributions", count=0) == "0 bijdragen"
    assert render("en", "count.cases", count=2) == "2 cases"
    assert render("en", "count.meetings", count=1) == "1 meeting"
