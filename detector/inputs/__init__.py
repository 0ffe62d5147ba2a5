"""Inputs: paths, folders, JSONL, Parquet, saved datasets, URLs and standard input -> one Document or one error row.

Job: `readers` (the entry: ReadOptions and `read_inputs`), `walk` (folders to files), `remote` (fsspec URLs),
`streams` (byte streams, decompressed by their magic bytes), `decoding` (bytes to text without ever failing, with
offsets of the damage), `records` (a JSON object or a file's bytes -> exactly one Loaded item), `columnar`
(Parquet and Arrow), `json_spans` (where members and characters sit in a JSON record's source text), `check`
(failures of a whole input), `rules` (the IN5xx rules these modules report).

May import: `core`, `config`, `rules`. Never a scorer, a report or an engine: every input document yields exactly
one item here, and what happens to it is decided above.
"""
