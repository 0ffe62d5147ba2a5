"""What every writer is given and must provide."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from detector.core.model import DocumentReport


@dataclass(frozen=True)
class WriterContext:
    scorer_names: tuple[str, ...]
    with_meta: bool = False
    with_text: bool = False
    text_field: str = "text"  # where a JSONL record holds its text (columns of findings in JSONL inputs)


class Writer(Protocol):
    def write(self, report: DocumentReport) -> None: ...

    def close(self) -> None: ...
