"""The fuzz harness: hostile documents and JSONL lines through the whole tool, counting what must never happen.

Small by default (a few hundred of each, seconds); `pytest tests/test_fuzz.py --fuzz-n 100000` is the long run
quoted in the README. Inputs are drawn from a seeded generator (reproducible: the seed and index of any failure
are in its message) mixing the shapes that broke earlier versions: lone surrogates, control characters, lone CRs,
line and paragraph separators, invalid UTF-8, byte-order marks, integers of thousands of digits, nesting a
thousand deep, NaN and 1e400, records that are not objects or lack the text, markup, formula prefixes, mojibake,
pathological repeats, seed articles cut at random places.

Checked, in chunks so memory stays flat:

- no exception escapes (a crash is any exception out of the readers, the pipeline or a writer);
- exactly one report per document and per non-blank JSONL line, in order (no row lost or repeated);
- every finding's quote is its span of the text;
- every output is valid: JSONL and JSON parse, CSV has one row per document, JUnit parses, SARIF validates
  against the official schema, Parquet reads back with one row per document;
- `detector clean` of the JSONL keeps one line per line.
"""

from __future__ import annotations

import io
import json
import random
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from detector.clean.files import Cleaner, CleanOptions
from detector.config.settings import Config
from detector.core.model import Document, DocumentReport
from detector.engines.parallel import run_parallel
from detector.engines.pipeline import Pipeline
from detector.inputs.readers import Loaded, ReadOptions, read_inputs
from detector.reports.writers import WRITERS

from .conftest import SEEDS
from .test_writers import check_valid, render

SMALL_RUN = 100
CHUNK = 1000
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
PIECES = ["“", "the ", "&nbsp;", "Share this article", "z. B. ", "\u2028", "\r", "\x0c", "\x00", "\udc80",
          "\ud83d", "=cmd|' /C calc'!A0", "+1", "-", "@", "<!--<script>", "</script>", "]]>", "\t", "Ã©", "â€™",
          "中文", "عربي", " ", "\n\n", "…", "\ufeff", "\ufffe", "Keir Starrer", "at lodger heads", "a" * 30]


def fuzz_count(request: pytest.FixtureRequest) -> int:
    return int(request.config.getoption("--fuzz-n")) or SMALL_RUN


def fuzz_text(rng: random.Random) -> str:
    """A document: seed fragments, hostile pieces and random code points (surrogates included)."""
    parts: list[str] = []
    for _ in range(rng.randint(0, 8)):
        kind = rng.random()
        if kind < 0.3:
            text = rng.choice(SEED_TEXTS)
            start = rng.randrange(len(text))
            parts.append(text[start : start + rng.randint(1, 300)])
        elif kind < 0.6:
            parts.append(rng.choice(PIECES) * rng.choice((1, 1, 2, 3, 20)))
        elif kind < 0.85:
            parts.append("".join(chr(rng.choice((rng.randint(0, 0x2FF), rng.randint(0, 0x10FFFF))))
                                 for _ in range(rng.randint(1, 40))))
        else:
            parts.append(" ".join(rng.choice(("the", "plan", "ministry", "said", "|", "Home", "News")) for _ in
                                  range(rng.randint(1, 30))))
    return "".join(parts)


def fuzz_line(rng: random.Random) -> bytes:
    """A JSONL line (without its LF): mostly records, many of them hostile."""
    kind = rng.random()
    text = fuzz_text(rng)
    if kind < 0.35:
        record: dict[str, object] = {"id": rng.choice((rng.randint(-10**6, 10**6), text[:12], None)), "text": text}
        if rng.random() < 0.3:
            record["url"] = "https://example.org/" + text[:8]
        return json.dumps(record, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")
    if kind < 0.45:
        return b'{"id":' + b"9" * rng.randint(4000, 6000) + b',"text":' + json.dumps(text).encode() + b"}"
    if kind < 0.52:
        depth = rng.randint(500, 5000)
        return b'{"id":"deep","text":"x","m":' + b"[" * depth + b"]" * depth + b"}"
    if kind < 0.6:
        return b'{"id":"a\\udc80","text":"caf\\udce9 ' + json.dumps(text)[1:-1].encode("utf-8", "surrogatepass") + b'"}'
    if kind < 0.66:
        return b'{"id":"latin","text":"caf\xe9 \xff\xfe ' + text[:20].encode("utf-8", "surrogatepass") + b'"}'
    if kind < 0.71:
        return b'{"id":1,\r"text":"raw CR between members","n":NaN,"m":1e400,"k":1.10}'
    if kind < 0.76:
        return rng.choice((b"[1, 2]", b'"just a string"', b"null", b"42", b"{}"))
    if kind < 0.82:
        return json.dumps({"id": 3, "body": text, "text": rng.choice((None, 5, [], {}))}).encode("utf-8",
                                                                                                "surrogatepass")
    if kind < 0.88:
        whole = json.dumps({"id": "cut", "text": text}).encode("utf-8", "surrogatepass")
        return whole[: rng.randint(0, len(whole))]
    if kind < 0.93:
        return bytes(rng.randint(0, 255) for _ in range(rng.randint(0, 80))).replace(b"\n", b" ")
    return b"\xef\xbb\xbf" + json.dumps({"id": "bom", "text": text}).encode("utf-8", "surrogatepass")


def _progress(message: str) -> None:
    """A line on stderr every 10,000 (seen with `pytest -s` on long runs)."""
    count = int(message.split()[0])
    if count % 10_000 == 0:
        print(f"fuzz: {message}", file=sys.stderr, flush=True)


def _chunks(count: int) -> Iterator[range]:
    for start in range(0, count, CHUNK):
        yield range(start, min(count, start + CHUNK))


def _check_reports(reports: list[DocumentReport], where: str) -> None:
    for report in reports:
        for finding in report.findings:
            if finding.span is not None:
                assert report.text[finding.span.start : finding.span.end] == finding.quote, (where, report.id)
    for fmt in sorted(WRITERS):
        check_valid(fmt, render(fmt, reports, with_meta=True, with_text=True), reports)


def _check_parquet(reports: list[DocumentReport], folder: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    from detector.reports.writers import WriterContext
    from detector.reports.writers.parquet_writer import ParquetWriter

    with (folder / "chunk.parquet").open("wb") as stream:
        writer = ParquetWriter(stream, WriterContext(("language", "readability", "boilerplate", "mt"), True, True))
        for report in reports:
            writer.write(report)
        writer.close()
    assert pq.read_metadata(folder / "chunk.parquet").num_rows == len(reports)


def test_fuzzed_documents(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    count = fuzz_count(request)
    jobs = 2 if count > SMALL_RUN else 1
    tally: Counter[str] = Counter()
    for chunk in _chunks(count):
        documents = [Document(f"fuzz-{i}\udc80" if i % 7 == 0 else f"fuzz-{i}", fuzz_text(random.Random(i)), "f")
                     for i in chunk]
        reports = list(run_parallel((Loaded(d.id, d.source, d) for d in documents), Config(), jobs))
        assert [r.id for r in reports] == [d.id for d in documents], "rows lost, repeated or out of order"
        _check_reports(reports, f"documents {chunk.start}-{chunk.stop}")
        _check_parquet(reports, tmp_path)
        tally.update(r.verdict for r in reports)
        tally["documents"] += len(reports)
        _progress(f"{tally['documents']} documents checked")
    assert tally["documents"] == count
    print(f"\nfuzz: {count} documents, 0 crashes, 0 lost or repeated rows, every format valid; {dict(tally)}")


def test_fuzzed_jsonl_lines(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    count = fuzz_count(request)
    source = tmp_path / "fuzz.jsonl"
    with source.open("wb") as out:
        for i in range(count):
            out.write(fuzz_line(random.Random(10**9 + i)) + b"\n")
    expected = [n for n, line in enumerate(source.read_bytes().split(b"\n")[:-1], start=1) if line.strip(b" \t\r")]
    rows = iter(read_inputs([str(source)], ReadOptions()))
    reports = run_parallel(rows, Config(), 2 if count > SMALL_RUN else 1)
    seen: list[int] = []
    errors: Counter[str] = Counter()
    batch: list[DocumentReport] = []
    for report in reports:
        seen.append(int(report.source.rsplit(":", 1)[1]))
        errors.update(e.rule_id for e in report.errors)
        batch.append(report)
        if len(batch) == CHUNK:
            _check_reports(batch, f"lines up to {seen[-1]}")
            batch = []
            _progress(f"{len(seen)} JSONL rows checked")
    _check_reports(batch, "last lines")
    assert seen == expected, "rows lost, repeated or out of order"
    cleaned = tmp_path / "cleaned.jsonl"
    cleaner = Cleaner(Pipeline(Config()), CleanOptions(output=cleaned, read=ReadOptions()), io.StringIO())
    cleaner.run([str(source)])
    lines = source.read_bytes().count(b"\n")  # a generated line may hold a raw LF: then it is two lines
    assert cleaned.read_bytes().count(b"\n") == lines
    print(f"\nfuzz: {count} JSONL lines, {len(seen)} rows, 0 crashes, 0 lost or repeated rows, every format valid, "
          f"clean kept all {lines} lines; error rows {dict(errors)}")
