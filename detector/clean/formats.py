"""`detector clean` on compressed JSONL, Parquet and saved datasets: the cleaned corpus in the input's own format.

Until issue 24 such inputs were skipped ("not scorable") and the run still exited 0, so a pipeline step passed and
the data was gone from the next stage. They are now rewritten as `detector filter` rewrites them (`rewrite`), with
nothing dropped: a `.jsonl.zst` stays zstd, a Parquet file keeps its codec, a saved dataset its splits, and each
cleaned record gains `detector_removed` (the edits, for `detector restore`).

In place, the file (or dataset folder) is first written beside itself; only when a record changed is the original
renamed to its backup (`NAME.orig`, `NAME.orig.2`, ...) and the new one moved into place, so an input with nothing to
change is left untouched, as a text file is.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from detector.clean.edits import at_threshold
from detector.clean.recordio import Record, format_of, records_of
from detector.clean.rewrite import Rewrite, judged, rewrite_jsonl, rewrite_tables
from detector.core.model import Cleaned, DocumentReport
from detector.engines.cleaning import clean_loop

if TYPE_CHECKING:
    from detector.clean.files import Cleaner


def _cleaner_of(cleaner: Cleaner) -> Rewrite:
    options = cleaner.options
    config = cleaner.pipeline.config
    threshold = config.boilerplate.min_confidence if options.min_confidence is None else options.min_confidence
    as_judged = threshold == config.boilerplate.min_confidence and not options.allow_unsafe
    pipeline = at_threshold(cleaner.pipeline, threshold)

    def clean(record: Record, report: DocumentReport) -> Cleaned:
        if as_judged and report.cleaned is not None:
            return report.cleaned
        assert record.loaded is not None and record.loaded.document is not None
        return clean_loop(record.loaded.document, pipeline.assess, threshold, options.allow_unsafe)[0]

    return Rewrite(cleaner.pipeline, options.read, clean=clean)


def clean_formatted(cleaner: Cleaner, path: Path, display: str, target: Path | None) -> None:
    """Clean one compressed JSONL file, Parquet file or saved dataset into `target` (None: `--diff` only)."""
    from detector.clean.diffs import next_backup, unified_diff

    rewrite = _cleaner_of(cleaner)
    fmt = format_of(path, cleaner.options.read)
    if cleaner.options.diff or target is None:
        for record, report in judged(records_of(path, display, fmt, rewrite.read), rewrite):
            if report is None or not report.ok or record.loaded is None or record.loaded.document is None:
                continue
            cleaned = rewrite.cleaned(record, report)
            rounds = [list(r) for r in cleaned.rounds]
            if target is None:
                cleaner.stats.add(rounds)
            if cleaner.options.diff and rounds:
                cleaner.diff_out.write(unified_diff(record.loaded.document.text, cleaned.text, report.id))
        if target is None:
            return
    in_place = target.exists() and os.path.samefile(target, path)
    written = target.parent / f".{target.name}.cleaning-dir" / target.name if in_place else target
    if in_place:
        shutil.rmtree(written.parent, ignore_errors=True)
    written.parent.mkdir(parents=True, exist_ok=True)
    try:
        if fmt.kind == "jsonl":
            counts = rewrite_jsonl(path, display, fmt, written, None, rewrite, keep_blank=True)
        else:
            if written.is_dir():
                shutil.rmtree(written)
            counts = rewrite_tables(path, display, fmt, written, None, rewrite)
        if not cleaner.options.diff:
            cleaner.stats.documents += counts.documents
            cleaner.stats.changed += counts.changed
            cleaner.stats.edits += counts.edits
            cleaner.stats.removed_chars += counts.removed_chars
        if in_place and counts.changed:
            os.replace(path, next_backup(path))
            os.replace(written, path)
    finally:
        if in_place:
            shutil.rmtree(written.parent, ignore_errors=True)
