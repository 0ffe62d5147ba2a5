"""Cleaning: apply the safe fixes, never losing a byte of the original.

Job: `edits` (applying a document's suggested edits, replayable and undoable), `files` (`detector clean` on files:
where cleaned text goes, backups, diffs), `jsonl_edit` (editing one field of a JSONL record while keeping every
other byte). `from detector.clean import clean_text` and the other names of the former `detector.clean` module
still work.

May import: everything below it (`core` ... `engines`), never the command line.
"""

from __future__ import annotations

from detector.core.moved import forward

__getattr__ = forward("detector.clean.edits")
