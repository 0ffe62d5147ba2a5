"""Cleaning: apply the safe fixes, never losing a byte of the original.

Job: `edits` (applying a document's suggested edits, replayable and undoable; the loop itself is
`detector.engines.cleaning`), `files` (`detector clean` on files: where cleaned text goes, backups), `diffs` (the
diffs and backup names `files` and `formats` share),
`jsonl_edit` (editing one field of a JSONL record while keeping every other byte), `recordio` (records read from and
written back to JSONL of any compression, Parquet and saved datasets), `rewrite` (one input file judged record by
record into kept and dropped outputs), `formats` (`detector clean` on compressed and columnar inputs), `filter`
(`detector filter`: kept, dropped, summary, resume) and `restore` (`detector restore`: undo the last clean).
`from detector.clean import clean_text` and the other names of the former `detector.clean` module still work.

May import: everything below it (`core` ... `engines`), never the command line.
"""

from __future__ import annotations

from detector.core.moved import forward

__getattr__ = forward("detector.clean.edits")
