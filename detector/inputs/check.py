"""Failures of a whole input, which no single error row makes visible: nothing matched, or no record had the text.

A run over `shards/` with the default `--glob '*.txt'` on a folder of `.jsonl` files used to report "0 documents"
and exit 0; `--text-field contnt` turned every record into an IN505 row and exited 0. Both are a mistake in the
command, not in the data, and both now stop the run with exit 2 and one message that says what to change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from detector.inputs.readers import Loaded, ReadOptions
from detector.inputs.remote import has_glob, is_url
from detector.inputs.rules import MISSING_FIELD
from detector.inputs.walk import first_match, other_suffixes

RECORD_SOURCE = re.compile(r"^(?P<file>.+):\d+$")


def unmatched(paths: Sequence[str], options: ReadOptions) -> str | None:
    """Why an argument gives nothing to read (no such path, or a folder with no file matching `--glob`), or None."""
    from pathlib import Path

    for path in paths:
        if path == "-" or is_url(path):
            continue
        if not Path(path).exists():
            if has_glob(path):
                from detector.inputs.remote import local_glob

                if local_glob(path):
                    continue
                return f"nothing matches {path}"
            return f"no such file or directory: {path}"
        if Path(path).is_dir() and first_match(path, options.glob, options.ignore) is None:
            present = other_suffixes(path)
            hint = ""
            if present:
                listed = ", ".join(f"{count} *{suffix}" for suffix, count in present)
                hint = f" (it holds {listed}: pass --glob, e.g. --glob '*{present[0][0]}')"
            return f"no file in {path} matches --glob '{options.glob}'{hint}"
    return None


@dataclass
class InputTally:
    """Counts what the readers yield, per input file, as the documents pass by on their way to be scored."""

    documents: int = 0
    records: dict[str, int] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)  # file -> the first IN505 message
    missing_count: dict[str, int] = field(default_factory=dict)

    def watch(self, items: Iterable[Loaded]) -> Iterator[Loaded]:
        for item in items:
            self.documents += 1
            match = RECORD_SOURCE.match(item.source)
            if match:
                name = match.group("file")
                self.records[name] = self.records.get(name, 0) + 1
                if item.error is not None and item.error.rule_id == MISSING_FIELD.id:
                    self.missing.setdefault(name, item.error.message)
                    self.missing_count[name] = self.missing_count.get(name, 0) + 1
            yield item

    def without_text(self, text_field: str) -> list[str]:
        """One line per input none of whose records has the text field."""
        lines = []
        for name, count in self.records.items():
            if self.missing_count.get(name, 0) == count:
                fields = self.missing[name].partition("(its fields: ")[2].rstrip(").")
                lines.append(f"{name}: none of its {count} record(s) has a string field '{text_field}' "
                             f"(the records have: {fields}); pass --text-field")
        return lines
