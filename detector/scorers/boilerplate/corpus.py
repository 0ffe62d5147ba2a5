"""Corpus mode: a line that repeats across many pages is page template, whatever it says.

No single-document filter can see this. `learn` streams a corpus once and counts, for every normalised line, on how
many distinct pages it occurs; `scan` then flags lines counted on at least `boilerplate.repeat_min_pages` pages.
Memory is fixed whatever the corpus size: counts live in a count-min sketch (conservative update) and the "already
counted on this page" test in a Bloom filter, both preallocated. Lines are counted once per `page` (or document),
so the same article seen through twelve extractors does not look like template, and optionally per group (a site's
domain), so a syndicated article on many sites does not either.
"""

from __future__ import annotations

import hashlib
import json
import re
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from detector.rules.rule import Rule
from detector.scorers.boilerplate.candidates import Candidate
from detector.scorers.boilerplate.lines import DocumentLines
from detector.text.matching import LINE_TRIM

FORMAT = "detector-linestats/1"
DIGITS = re.compile(r"\d+")

REPEATED = Rule(
    id="BP401", name="bp-repeated-line", category="boilerplate", kind="corpus", severity="warning",
    confidence=0.9, message="This line occurs on {count} pages of the corpus: page template, not article text.",
    title="Line repeated across many pages (corpus mode)",
    rationale="Navigation, footers, bylines of a site and promotional blocks repeat on every page of a site, while "
    "article sentences do not. Counting lines across a corpus finds template text no phrase list knows.",
    example="Valley Gazette staff and wire reports\nThe talks between the two delegations continued on Monday in the "
    "capital, officials said.",
    fixed_example="The talks between the two delegations continued on Monday in the capital, officials said.",
    fix="Delete the line.", fix_safety="safe",
    known_problems="Needs `detector learn` first (or `scan --corpus-mode`). Syndicated wire copy repeats across "
    "sites: group by domain (`--group-field`) to count a site's own template only. Short generic content lines "
    "('He said no.') can repeat; lines of prose shape need more pages.",
    source="artifact-detector corpus statistics (count-min sketch over normalised lines, counted once per page)",
    example_config={"boilerplate.repeat_min_pages": 2},
)


def normalise(line: str) -> str:
    """Case, digits, spacing and surrounding punctuation do not make a template line unique."""
    return DIGITS.sub("0", " ".join(line.strip(LINE_TRIM).casefold().split()))


def _hashes(key: bytes, count: int, modulus: int) -> list[int]:
    digest = hashlib.blake2b(key, digest_size=8 * count).digest()
    return [int.from_bytes(digest[8 * i : 8 * i + 8], "little") % modulus for i in range(count)]


def group_of(value: object) -> str:
    """The grouping key of a document: a URL becomes its host name, anything else is used as it is."""
    text = "" if value is None else str(value)
    if "://" in text:
        host = urlsplit(text).hostname or ""
        return host.removeprefix("www.")
    return text


@dataclass
class LineStats:
    width: int
    depth: int
    counts: array  # type: ignore[type-arg]
    seen_bits: bytearray
    seen_hashes: int
    pages: int = 0
    documents: int = 0

    @classmethod
    def empty(cls, width: int = 1 << 20, depth: int = 4, seen_bits: int = 1 << 26) -> LineStats:
        return cls(width, depth, array("I", bytes(4 * width * depth)), bytearray(seen_bits // 8), 4)

    def _seen_before(self, key: bytes) -> bool:
        """Test-and-set in the Bloom filter of (page, line) pairs."""
        bits = len(self.seen_bits) * 8
        present = True
        for h in _hashes(b"seen\x00" + key, self.seen_hashes, bits):
            byte, bit = divmod(h, 8)
            if not self.seen_bits[byte] >> bit & 1:
                present = False
                self.seen_bits[byte] |= 1 << bit
        return present

    def _cells(self, key: bytes) -> list[int]:
        return [row * self.width + h for row, h in enumerate(_hashes(key, self.depth, self.width))]

    def add_document(self, lines: Iterable[str], page: str, group: str = "") -> None:
        self.documents += 1
        if not self._seen_before(b"page\x00" + page.encode("utf-8")):
            self.pages += 1
        for norm in {normalise(line) for line in lines}:
            if not norm:
                continue
            if self._seen_before(page.encode("utf-8") + b"\x00" + norm.encode("utf-8")):
                continue
            cells = self._cells(group.encode("utf-8") + b"\x00" + norm.encode("utf-8"))
            low = min(self.counts[c] for c in cells) + 1
            for c in cells:  # conservative update: raise only the cells below the new estimate
                if self.counts[c] < low:
                    self.counts[c] = low

    def count(self, line: str, group: str = "") -> int:
        norm = normalise(line)
        if not norm:
            return 0
        return min(self.counts[c] for c in self._cells(group.encode("utf-8") + b"\x00" + norm.encode("utf-8")))

    def save(self, path: str | Path) -> None:
        header = {"format": FORMAT, "width": self.width, "depth": self.depth, "seen_bytes": len(self.seen_bits),
                  "seen_hashes": self.seen_hashes, "pages": self.pages, "documents": self.documents}
        with Path(path).open("wb") as stream:
            stream.write(json.dumps(header).encode("utf-8") + b"\n")
            self.counts.tofile(stream)
            stream.write(self.seen_bits)

    @classmethod
    def load(cls, path: str | Path) -> LineStats:
        with Path(path).open("rb") as stream:
            return cls._read(stream, str(path))

    @classmethod
    def _read(cls, stream: BinaryIO, name: str) -> LineStats:
        try:
            header = json.loads(stream.readline())
        except ValueError:
            raise ValueError(f"{name}: not a detector line-statistics file") from None
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise ValueError(f"{name}: not a {FORMAT} file")
        counts = array("I")
        counts.fromfile(stream, header["width"] * header["depth"])
        seen = bytearray(stream.read(header["seen_bytes"]))
        return cls(header["width"], header["depth"], counts, seen, header["seen_hashes"], header["pages"],
                   header["documents"])


def repeated_candidates(lines: DocumentLines, stats: LineStats, cfg: object, group: str = "") -> Iterator[Candidate]:
    min_pages = getattr(cfg, "repeat_min_pages", 3)
    for line in lines.lines:
        count = stats.count(line.text, group)
        needed = min_pages * 2 if line.is_prose else min_pages
        if count >= needed:
            confidence = min(0.97, 0.75 + 0.05 * (count - needed))
            yield Candidate(REPEATED, line.span, confidence, REPEATED.format_message(count=count), line.index)


def document_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def learn(documents: Iterable[tuple[str, str, dict[str, object]]], page_field: str = "page",
          group_field: str = "", stats: LineStats | None = None) -> LineStats:
    """Count lines over (id, text, meta) documents: once per page (`meta[page_field]`, else the document id),
    per group (`meta[group_field]`, a URL becoming its host) when a group field is given."""
    stats = stats or LineStats.empty()
    for doc_id, text, meta in documents:
        page = str(meta.get(page_field) or doc_id)
        group = group_of(meta.get(group_field)) if group_field else ""
        stats.add_document(document_lines(text), page, group)
    return stats
