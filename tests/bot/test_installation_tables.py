"""Our copy of slack_sdk's installation and state tables has slack_sdk's shape, so its stores
read and write what Alembic created (storage/ may not import slack_sdk to build them itself)."""

import sqlalchemy as sa
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from storage import installation_tables as ours


def shape(table: sa.Table) -> tuple:
    columns = [(c.name, type(c.type).__name__, getattr(c.type, "length", None), c.nullable,
                c.primary_key) for c in table.columns]
    indexes = sorted((i.name, tuple(c.name for c in i.columns)) for i in table.indexes)
    return table.name, columns, indexes


def test_the_tables_are_slack_sdks():
    metadata = sa.MetaData()
    store = SQLAlchemyInstallationStore
    assert shape(ours.installations) == shape(store.build_installations_table(
        metadata, store.default_installations_table_name))
    assert shape(ours.bots) == shape(store.build_bots_table(
        metadata, store.default_bots_table_name))
    states = SQLAlchemyOAuthStateStore
    assert shape(ours.oauth_states) == shape(states.build_oauth_states_table(
        metadata, states.default_table_name))
