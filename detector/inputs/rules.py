"""Rules about the input itself: what the readers and the pipeline report when a document cannot be read, decoded
or scored. They are documented like every other rule so that `detector explain IN503` says what went wrong."""

from __future__ import annotations

from detector.core.model import Finding, Span
from detector.rules.rule import Rule

SOURCE = "artifact-detector readers and pipeline"


def _input_rule(id: str, name: str, severity: str, message: str, title: str, rationale: str, example: str,
                fixed_example: str, fix: str, known_problems: str, category: str = "input") -> Rule:
    return Rule(id=id, name=name, category=category, kind="input", severity=severity, confidence=1.0,
                message=message, title=title, rationale=rationale, example=example, fixed_example=fixed_example,
                fix=fix, fix_safety="none", known_problems=known_problems, source=SOURCE)


INVALID_UTF8 = _input_rule(
    "IN501", "invalid-utf8", "warning", "Invalid UTF-8: {count} byte sequence(s) replaced by U+FFFD, first at byte "
    "{byte_offset}.", "Input is not valid UTF-8",
    "Bytes that are not UTF-8 usually mean the page was in a legacy encoding (Latin-1, Windows-1252) or was cut "
    "mid-character. We decode with replacement so the rest can be scored, and say where the damage is.",
    "b'caf\\xe9 au lait' (Latin-1 bytes)", "b'caf\\xc3\\xa9 au lait' (UTF-8 bytes)",
    "Re-decode the source with its real encoding (charset-normalizer can guess it) and scan again.",
    "A file in a legacy encoding is reported, not converted.", category="encoding")
EMPTY = _input_rule(
    "IN502", "empty-document", "error", "The document is empty or white space only.", "Empty document",
    "An empty text is an extraction failure: there is nothing to judge, and it must not pass silently.",
    "'   \\n\\t'", "'The ministry confirmed the plan.'", "Check the extractor's output for this page.",
    "None known.")
BINARY = _input_rule(
    "IN503", "binary-input", "error", "This looks like a binary file, not text ({why}).", "Binary input",
    "A binary file (image, archive, PDF) in a text collection is a pipeline mistake; scoring its bytes as text "
    "would produce nonsense findings.", "b'\\x89PNG\\r\\n\\x1a\\n\\x00\\x00'", "b'Plain text.'",
    "Remove the file from the input or convert it to text first.",
    "UTF-16 text without a byte-order mark is taken for binary.")
BAD_JSONL = _input_rule(
    "IN504", "invalid-jsonl-record", "error", "Not a JSON object: {detail}.", "Invalid JSONL record",
    "One broken line must not stop a run over millions of records, nor vanish: it gets its own error row with the "
    "line and column.", '{"id": 1, "text": "cut off', '{"id": 1, "text": "complete"}',
    "Fix or drop the line in the source file.", "None known.")
MISSING_FIELD = _input_rule(
    "IN505", "missing-text-field", "error", "The record has no string field '{field}' (its fields: {fields}).",
    "Record lacks the text field", "Records (JSONL lines, Parquet or Arrow rows) without the configured text field "
    "cannot be scored; when every record of an input lacks it, the cause is usually the wrong `--text-field`, and "
    "`detector scan` says so once and exits 2.",
    '{"id": 1, "body": "..."}', '{"id": 1, "text": "..."}', "Pass `--text-field` with the right name.",
    "None known.")
UNREADABLE = _input_rule(
    "IN506", "unreadable-input", "error", "Cannot read the input: {detail}.", "Input cannot be read",
    "Permission errors, vanished files, dangling symbolic links, link loops, FIFOs inside a scanned folder, file "
    "names that are not UTF-8, damaged or cut compressed streams and inputs that need a missing optional package "
    "are reported as rows so that a run's output accounts for every input.",
    "a file without read permission", "a readable file", "Fix the permissions, the path or the file; install the "
    "package the message names.", "A compressed stream that breaks off gets one row for everything after the "
    "last complete line: how many records were lost cannot be known.")
TRUNCATED = _input_rule(
    "IN507", "document-truncated-for-scoring", "warning", "Only the first {scored} of {total} characters were "
    "scored (max_chars).", "Very large document scored in part",
    "Scoring time and memory must stay bounded on a 50 MB one-line document and on a small compressed file that "
    "expands to gigabytes: readers keep the first `max_chars` characters (and a few thousand after them, for the "
    "report) and only count the rest as it streams past, so findings cover the scored prefix and the total is "
    "still known.", "a 50 MB single-line document", "a document under `max_chars` characters",
    "Split the document, or raise `max_chars` in the configuration.", "Findings after the cut are not reported, "
    "and a row written with `--with-text` holds the kept prefix, not the whole text.")
SCORER_FAILED = _input_rule(
    "IN508", "scorer-failed", "error", "Scorer '{scorer}' failed on this document: {detail}.", "A scorer failed",
    "A bug or an unexpected input in one scorer must not stop the run or hide the other scorers' results; nor "
    "may a scorer that runs away on one document (a pathological repeat, a backtracking user pattern) hang the "
    "run: a scorer that examines more than `work_budget` characters per scored character (counted, so the same "
    "document stops at the same place on every machine and under any load), or that spends `time_budget` seconds "
    "of CPU time (not wall time) on one document, is stopped with this finding.",
    "a document that triggers a scorer bug", "any document the scorer handles",
    "Report the document and the message as a bug; the other dimensions are still valid.", "None known.")

LONE_SURROGATE = _input_rule(
    "IN509", "lone-surrogate", "warning", "{count} lone surrogate escape(s) (\\uD800-\\uDFFF without a pair) "
    "replaced by U+FFFD, first at character {offset}.", "Lone surrogate escape in a record",
    "A JSON `\\udc80` escape names half of a UTF-16 pair; alone it is no character, and no UTF-8 output can hold "
    "it. It usually means the producer escaped bytes it could not decode. The character is replaced one for one, so "
    "every offset stays valid, and every writer shows U+FFFD where it was.",
    '{"text": "caf\\udce9 au lait"}', '{"text": "caf\\u00e9 au lait"}',
    "Fix the producer's decoding (the escaped value is often the original byte plus 0xDC00).",
    "`detector clean` keeps the escape as it was in the records it rewrites.", category="encoding")

INPUT_RULES: tuple[Rule, ...] = (INVALID_UTF8, EMPTY, BINARY, BAD_JSONL, MISSING_FIELD, UNREADABLE, TRUNCATED,
                                 SCORER_FAILED, LONE_SURROGATE)


def input_finding(rule: Rule, message: str, span: Span | None = None, quote: str = "") -> Finding:
    """A finding about the input itself (certain by construction: confidence 1)."""
    return Finding(rule.id, rule.category, rule.severity, 1.0, span, quote, message,  # type: ignore[arg-type]
                   subcategory=rule.name)
