"""Encryption at rest of intervision material (case texts, contributions, actions, reports,
take-aways, evaluation answers) with the `cryptography` package's Fernet.

`SealedText` is the column type of those texts. When an engine is given keys
(`seal_with(engine, "key1,key2")`, from INTERVISIE_DATA_KEY), every value written is stored as
`fernet:<token>`; values are decrypted on reading, so repositories never see the difference.
The first key encrypts, every key decrypts (MultiFernet): rotate by putting a new key first
and running `intervisie db rotate-key`, then drop the old key.

Mixed rows: a value without the `fernet:` prefix is plain text (written before a key was
set) and is read as it is; `rotate-key` encrypts those as well. A sealed value read without
a key, or with keys that do not fit, raises `DataKeyError` — the bot checks this at start.
"""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Engine, select, update
from sqlalchemy.types import Text, TypeDecorator

PREFIX = "fernet:"
_ATTRIBUTE = "intervisie_sealer"


class DataKeyError(ValueError):
    """One line for the operator about INTERVISIE_DATA_KEY."""


def sealer(keys: str) -> MultiFernet:
    """A MultiFernet from comma-separated keys, the first the current one."""
    parts = [part.strip() for part in keys.split(",") if part.strip()]
    if not parts:
        raise DataKeyError("INTERVISIE_DATA_KEY is empty.")
    try:
        return MultiFernet([Fernet(part) for part in parts])
    except (ValueError, TypeError):
        raise DataKeyError(
            "INTERVISIE_DATA_KEY must be one or more Fernet keys separated by commas (make one "
            "with: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())').") from None


def seal_with(engine: Engine, keys: str | None) -> None:
    """Encrypt what this engine writes from now on (None: write plain text)."""
    setattr(engine.dialect, _ATTRIBUTE, sealer(keys) if keys else None)


def _sealer_of(dialect: Any) -> MultiFernet | None:
    return getattr(dialect, _ATTRIBUTE, None)


def open_value(value: str, keys: MultiFernet | None) -> str:
    if not value.startswith(PREFIX):
        return value  # written without a key
    if keys is None:
        raise DataKeyError("The database holds encrypted texts: set INTERVISIE_DATA_KEY.")
    try:
        return keys.decrypt(value[len(PREFIX):].encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise DataKeyError("INTERVISIE_DATA_KEY does not open the texts in the database: "
                           "is it the key they were written with?") from None


class SealedText(TypeDecorator):
    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect) -> str | None:
        keys = _sealer_of(dialect)
        if value is None or keys is None:
            return value
        return PREFIX + keys.encrypt(value.encode("utf-8")).decode("ascii")

    def process_result_value(self, value: str | None, dialect) -> str | None:
        return None if value is None else open_value(value, _sealer_of(dialect))


def sealed_columns() -> list[Any]:
    """Every column of type SealedText, across the tables."""
    from sqlmodel import SQLModel

    import storage.tables  # noqa: F401  (registers the tables)
    return [column for table in SQLModel.metadata.sorted_tables for column in table.columns
            if isinstance(column.type, SealedText)]


def check_keys(engine: Engine) -> None:
    """Open one sealed value of each column: a wrong or missing key fails here, at start."""
    keys = _sealer_of(engine.dialect)
    with engine.connect() as connection:
        for column in sealed_columns():
            stored = column.cast(Text)  # as stored: Text does not decrypt
            raw = connection.execute(select(stored).where(stored.startswith(PREFIX))
                                     .limit(1)).scalar()
            if raw is not None:
                open_value(raw, keys)


def rotate(engine: Engine) -> int:
    """Write every sealed column again with the current (first) key, plain rows included;
    returns how many values were rewritten. Reading decrypts with any of the keys, writing
    encrypts with the first: both go through SealedText."""
    if _sealer_of(engine.dialect) is None:
        raise DataKeyError("INTERVISIE_DATA_KEY is not set: there is no key to rotate to.")
    count = 0
    with engine.begin() as connection:
        for column in sealed_columns():
            table = column.table
            ids = list(table.primary_key.columns)
            for *key, plain in connection.execute(select(*ids, column).where(
                    column.is_not(None))).all():
                connection.execute(update(table).where(
                    *(c == v for c, v in zip(ids, key, strict=True))).values(
                    {column.name: plain}))
                count += 1
    return count
