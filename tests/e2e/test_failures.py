"""What an operator sees when something outside the bot is wrong: one line on stderr naming
the cause and the fix, exit status 2 (configuration) or 1 (unreachable), no traceback — the
real `python -m bot run` against the fake Slack, a closed port or a bogus database."""

from __future__ import annotations

import os
import socket
import sqlite3

import pytest
from slack_sdk import WebClient
from sqlalchemy.engine import make_url

from bot.failures import Failure, check_slack
from storage.db import make_engine, upgrade
from tests.support.fake_slack import FakeSlack
from tests.support.fake_socket_mode import FakeSocketMode
from tests.support.fake_workspace import SlackError
from tests.support.harness import SIGNING_SECRET
from tests.support.process import free_port, run_cli


def one_line(result, exit_code: int, *words: str) -> str:
    assert result.returncode == exit_code, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def start(tmp_path, slack_url: str, token: str = "xoxb-test-token", **more: str):
    settings = {"SLACK_BOT_TOKEN": token, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "SLACK_API_URL": slack_url, "PORT": str(free_port()),
                "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}", **more}
    return run_cli(["run"], tmp_path, **settings)


def test_slack_refusing_the_connection(tmp_path):
    result = start(tmp_path, f"http://127.0.0.1:{free_port()}/api/")
    one_line(result, 1, "Slack cannot be reached", "refused", "SLACK_API_URL")


def test_slack_name_that_does_not_resolve(tmp_path):
    result = start(tmp_path, "http://slack.invalid/api/")
    one_line(result, 1, "Slack cannot be reached", "does not resolve")


def test_slack_that_does_not_answer_in_time():
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        client = WebClient(token="xoxb-1", timeout=0.3,
                           base_url=f"http://127.0.0.1:{silent.getsockname()[1]}/api/")
        with pytest.raises(Failure) as failed:
            check_slack(client)
    assert failed.value.exit_code == 1 and "did not answer in time" in failed.value.line


def test_a_wrong_bot_token(slack, tmp_path):
    result = start(tmp_path, slack.api_url, token="xoxb-not-the-right-one")
    one_line(result, 2, "Slack refused SLACK_BOT_TOKEN (invalid_auth)", "OAuth & Permissions")
    assert not (tmp_path / "bot.db").exists()  # checked before anything starts


@pytest.mark.parametrize("error", ["not_authed", "token_revoked", "account_inactive"])
def test_a_revoked_or_missing_token(error, tmp_path):
    class Refusing(FakeSlack):
        def _checked_call(self, method, args, token):
            if method == "auth.test":
                raise SlackError(error)
            return super()._checked_call(method, args, token)

    with Refusing() as slack:
        result = start(tmp_path, slack.api_url)
    one_line(result, 2, f"SLACK_BOT_TOKEN ({error})")


def test_a_refused_app_token_in_socket_mode(slack, tmp_path):
    with FakeSocketMode() as socket_mode:
        slack.socket_mode = socket_mode
        result = start(tmp_path, slack.api_url, SLACK_APP_TOKEN="xapp-1-revoked",
                       SLACK_SIGNING_SECRET="")
    one_line(result, 2, "Slack refused SLACK_APP_TOKEN (invalid_auth)", "connections:write")


def test_a_database_that_cannot_be_reached(slack, tmp_path):
    url = f"postgresql+psycopg://intervisie@127.0.0.1:{free_port()}/intervisie"
    result = start(tmp_path, slack.api_url, DATABASE_URL=url)
    one_line(result, 1, "database", "cannot be reached", "DATABASE_URL")


def test_a_sqlite_file_in_a_folder_that_does_not_exist(slack, tmp_path):
    result = start(tmp_path, slack.api_url,
                   DATABASE_URL=f"sqlite:///{tmp_path / 'missing' / 'bot.db'}")
    one_line(result, 2, "cannot be opened", "folder")


@pytest.mark.skipif(
    make_url(os.environ.get("INTERVISIE_TEST_DATABASE_URL") or "sqlite://")
    .get_backend_name() != "postgresql",
    reason="needs PostgreSQL (INTERVISIE_TEST_DATABASE_URL), as .ci/run gives it")
def test_a_postgresql_database_that_does_not_exist(slack, tmp_path):
    server = make_url(os.environ["INTERVISIE_TEST_DATABASE_URL"])
    url = server.set(database="intervisie_no_such_db").render_as_string(hide_password=False)
    result = start(tmp_path, slack.api_url, DATABASE_URL=url)
    one_line(result, 2, "no database 'intervisie_no_such_db'", "createdb")


def newer_schema(path) -> str:
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    return url


def test_a_database_upgraded_by_a_newer_version(slack, tmp_path):
    url = newer_schema(tmp_path / "bot.db")
    result = start(tmp_path, slack.api_url, DATABASE_URL=url)
    one_line(result, 2, "9999_from_the_future", "newer version")


def test_the_traceback_only_at_debug(tmp_path):
    result = start(tmp_path, f"http://127.0.0.1:{free_port()}/api/", LOG_LEVEL="DEBUG")
    assert result.returncode == 1 and "Traceback" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("intervisie: Slack cannot be reached")


def test_a_bad_setting_is_one_line_too(tmp_path):
    result = start(tmp_path, "http://127.0.0.1:1/api/", LOG_FORMAT="xml")
    one_line(result, 2, "LOG_FORMAT")
