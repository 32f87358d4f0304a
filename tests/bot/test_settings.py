"""Settings: a wrong or missing value stops the start with one clear line."""

import re
from pathlib import Path

import pytest

from bot.settings import VARIABLES, SettingsError, load_settings, read_environment

ROOT = Path(__file__).resolve().parents[2]
GOOD = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s3cret"}


def test_env_example_lists_exactly_the_settings_each_with_a_comment():
    lines = (ROOT / ".env.example").read_text().splitlines()
    names = [line.split("=", 1)[0] for line in lines if re.match(r"^[A-Z_]+=", line)]
    assert names == list(VARIABLES)
    for index, line in enumerate(lines):
        if re.match(r"^[A-Z_]+=", line):
            assert lines[index - 1].startswith("# "), f"{line} has no comment above it"


def test_defaults():
    settings = load_settings(GOOD)
    assert settings.database_url == "sqlite:///intervisie.db"
    assert settings.api_url == "https://slack.com/api/"
    assert settings.port == 3000 and not settings.socket_mode
    assert settings.speed == 1
    assert load_settings({**GOOD, "INTERVISIE_SPEED": "60"}).speed == 60
    assert settings.log_format == "text" and settings.health_port is None
    assert load_settings({**GOOD, "LOG_FORMAT": "JSON", "HEALTH_PORT": "8080"}).health_port \
        == 8080
    assert settings.public_url is None
    assert load_settings({**GOOD, "PUBLIC_URL": "https://bot.example.org/ "}).public_url == (
        "https://bot.example.org")


@pytest.mark.parametrize(("env", "named"), [
    ({}, "SLACK_BOT_TOKEN"),
    ({"SLACK_BOT_TOKEN": "xoxp-1", "SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN"),
    ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
    ({**GOOD, "SLACK_APP_TOKEN": "xoxb-2"}, "SLACK_APP_TOKEN"),
    ({**GOOD, "PORT": "eighty"}, "PORT"),
    ({**GOOD, "DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
    ({**GOOD, "DATABASE_URL": "not a url"}, "DATABASE_URL"),
    ({**GOOD, "LOG_LEVEL": "loud"}, "LOG_LEVEL"),
    ({**GOOD, "PUBLIC_URL": "intervisie.example.org"}, "PUBLIC_URL"),
    ({**GOOD, "SLACK_API_URL": "slack.com"}, "SLACK_API_URL"),
    ({**GOOD, "INTERVISIE_SPEED": "0"}, "INTERVISIE_SPEED"),
    ({**GOOD, "SLACK_CLIENT_ID": "1.2"}, "SLACK_CLIENT_SECRET"),
    ({"SLACK_SIGNING_SECRET": "s", "SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "c"},
     "SLACK_STATE_SECRET"),
    ({"SLACK_SIGNING_SECRET": "s", "SLACK_APP_TOKEN": "xapp-1", "SLACK_CLIENT_ID": "1.2",
      "SLACK_CLIENT_SECRET": "c", "SLACK_STATE_SECRET": "x"}, "SLACK_APP_TOKEN"),
    ({**GOOD, "SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "c", "SLACK_STATE_SECRET": "x"},
     "SLACK_BOT_TOKEN"),
    ({**GOOD, "INTERVISIE_SPEED": "fast"}, "INTERVISIE_SPEED"),
    ({**GOOD, "LOG_FORMAT": "xml"}, "LOG_FORMAT"),
    ({**GOOD, "HEALTH_PORT": "health"}, "HEALTH_PORT"),
    ({**GOOD, "HEALTH_PORT": "70000"}, "HEALTH_PORT"),
    ({**GOOD, "PUBLIC_URL": "intervisie.example.org"}, "PUBLIC_URL"),
])
def test_a_bad_setting_names_the_variable_in_one_line(env, named):
    with pytest.raises(SettingsError) as raised:
        load_settings(env)
    message = str(raised.value)
    assert message.startswith(named) and "\n" not in message


def test_socket_mode_needs_no_signing_secret():
    settings = load_settings({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"})
    assert settings.socket_mode


def test_the_environment_wins_over_the_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("PORT=4000\nLOG_LEVEL=DEBUG\n")
    values = read_environment(env_file, environ={"PORT": "5000"})
    assert values["PORT"] == "5000" and values["LOG_LEVEL"] == "DEBUG"


def test_the_command_stops_with_the_line_and_exit_code_2(tmp_path, monkeypatch, capsys):
    from bot.cli import main

    monkeypatch.chdir(tmp_path)
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    # Some Slack setting but not the bot token: a mistake to name (with none at all, `run`
    # starts the sandbox instead; tests/sandbox/test_command.py).
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "secret")
    assert main(["run"]) == 2
    assert capsys.readouterr().err.startswith("intervisie: SLACK_BOT_TOKEN is not set")


def test_db_upgrade_creates_the_schema(tmp_path, monkeypatch, capsys):
    from bot.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    assert main(["db", "upgrade"]) == 0
    from alembic.script import ScriptDirectory

    from storage.db import alembic_config, make_engine

    head = ScriptDirectory.from_config(alembic_config(make_engine("sqlite://"))).get_current_head()
    assert f"revision {head}" in capsys.readouterr().out


def test_install_from_a_link_needs_no_bot_token():
    settings = load_settings({"SLACK_SIGNING_SECRET": "s", "SLACK_CLIENT_ID": "1.2",
                              "SLACK_CLIENT_SECRET": "c", "SLACK_STATE_SECRET": "x"})
    assert settings.oauth and settings.bot_token == "" and not settings.socket_mode
    assert (settings.client_id, settings.client_secret, settings.state_secret) == ("1.2", "c", "x")
    assert not load_settings(GOOD).oauth
