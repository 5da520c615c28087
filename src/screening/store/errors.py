"""The store's one exception, whose text is safe to show anywhere."""

from __future__ import annotations

from screening.store.redact import redact_text


class StoreError(Exception):
    """The store cannot be opened, read or written: one clear sentence for people.

    The message is redacted when the error is made (a password in a store URL,
    in its netloc or its query string, never reaches a screen or a log), so
    every place that shows ``str(error)`` is safe without remembering to.
    """

    def __init__(self, message: str):
        super().__init__(redact_text(message))


class MalformedRow(StoreError):
    """One stored submission cannot be read back (its JSON is broken)."""

    def __init__(self, where: str, submission_id: str, what: str):
        self.submission_id = submission_id
        super().__init__(
            f"{where}: submission {submission_id}: its stored {what} is damaged (not valid JSON); "
            "keep a copy of the store and run `screening submissions check`"
        )


class EncryptedWithoutKey(StoreError):
    """An export needs the answers, and they are encrypted: the key was not given."""

    def __init__(self, where: str, submission_id: str):
        self.submission_id = submission_id
        super().__init__(
            f"{where}: submission {submission_id} is encrypted: give the key with --encrypt-key-file FILE to export its answers"
        )


class NoSuchStore(StoreError):
    """A reader was pointed at a store file that does not exist (wrong usage: exit 2)."""


class StoreUnreachable(StoreError):
    """The database server cannot be reached (down, restarting, the network): worth keeping locally and retrying."""
