"""The core types every module speaks: documents in, reports out.

Types only: no behaviour beyond ordering and serialisation helpers, so that scorers, writers and the pipeline can be
changed independently. Offsets are Python string indices (code points) into `Document.text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["info", "warning", "error"]
Verdict = Literal["pass", "review", "reject"]
Category = Literal["language", "readability", "boilerplate", "mt-artifact", "encoding", "input"]

SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
VERDICT_RANK: dict[str, int] = {"pass": 0, "review": 1, "reject": 2}


@dataclass(frozen=True, slots=True)
class Document:
    """One text to judge. `source` says where it came from (a path, or `file:line` for JSONL) so that every report
    row can be traced back; `meta` keeps the other JSONL fields untouched for the writers. `length` is the number
    of characters of the original when the reader kept only the prefix `text` (a document far past `max_chars`: see
    `inputs.bounded`), else None."""

    id: str
    text: str
    source: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    length: int | None = None


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open character range `[start, end)` into `Document.text`."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")


@dataclass(frozen=True, slots=True)
class Edit:
    """A proposed change: replace `span` with `replacement` (`""` deletes). Only `safe` edits are applied by default,
    as ruff applies only safe fixes unless asked."""

    span: Span
    replacement: str
    safe: bool = False


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem, located and explained. `span` is None for a document-level finding (wrong language, low
    readability); otherwise `quote == text[span.start:span.end]` always holds (a property test checks it)."""

    rule_id: str
    category: str
    severity: Severity
    confidence: float
    span: Span | None
    quote: str
    message: str
    suggestion: Edit | None = None
    subcategory: str = ""

    def sort_key(self) -> tuple[int, int, str, str]:
        """Document-level findings first, then by offset, then rule id: a stable order for byte-identical output."""
        if self.span is None:
            return (-1, -1, self.rule_id, self.message)
        return (self.span.start, self.span.end, self.rule_id, self.message)


@dataclass(frozen=True, slots=True)
class InputError:
    """Why a document could not be scored at all (it still gets its report row)."""

    rule_id: str
    message: str
    where: str


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """What one scorer says about one document: its dimension score (0-100, higher is better, None when it cannot
    judge), supporting metrics, and findings."""

    score: float | None
    metrics: dict[str, Any] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class AppliedEdit:
    """An edit that was applied, with the rule whose finding proposed it (offsets into that round's input text):
    what `detector clean` records in `detector_removed` and `detector restore` undoes."""

    start: int
    end: int
    replacement: str
    removed: str
    rule_id: str


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The document as `detector clean` leaves it: the text and each round's applied edits (they replay on the
    original to this text). Carried by a report so that a filter writes what the verdict was judged on."""

    text: str
    rounds: tuple[tuple[AppliedEdit, ...], ...] = ()
    # The report of `text` whose scores and findings the verdict was judged on (what `detector eval verdict` writes
    # in its rows so that verdict thresholds can be chosen without scoring again); not serialised.
    judged: DocumentReport | None = field(default=None, repr=False, compare=False)

    @property
    def changed(self) -> bool:
        return bool(self.rounds)


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a document is not `pass`: the verdict this reason asks for, a stable slug (`mostly-residue`,
    `article-not-found`, `likely-mt`, ...), a sentence, and the rule behind it when there is one. Every reason of a
    document is kept, not only the first (a dropped document says all that was wrong with it)."""

    verdict: Verdict
    code: str
    message: str
    rule_id: str = ""


@dataclass(frozen=True, slots=True)
class DocumentReport:
    """The per-document row every writer renders. `errors` non-empty means the document could not be scored."""

    id: str
    source: str
    language: str
    scores: dict[str, float]
    overall: float | None
    verdict: Verdict
    findings: tuple[Finding, ...]
    metrics: dict[str, dict[str, Any]]
    errors: tuple[InputError, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)
    text: str = field(default="", repr=False, compare=False)  # for writers that quote context; not serialised
    reasons: tuple[Reason, ...] = ()  # why the verdict is not pass, worst first (detector/scorers/verdict.py)
    cleaned: Cleaned | None = field(default=None, repr=False, compare=False)  # what the verdict judged; not serialised

    @property
    def ok(self) -> bool:
        return not self.errors
