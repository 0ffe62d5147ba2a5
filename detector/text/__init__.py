"""The shared reading of one document, computed once and handed to every scorer.

Job: `view` (TextView: lines, words, sentences and language of a document, with character offsets),
`sentences` and `punkt` (sentence boundaries, offline), `langid` (language identification), `charcount`
(character-class counts), `lexicons` (loading the data files of `lexicons/` and compiling each into one matcher),
`alternation`, `first_chars` and `regex_guard` (fast and safe regex alternations for those matchers), `sre` (Python's
own regex parser, which they read patterns with).

May import: `core` and `config`. Never a scorer, a rule, a reader or a writer: this is the substrate the scorers
share, and the part a compiled core replaces kernel by kernel.
"""

from __future__ import annotations

from detector.core.moved import forward

__getattr__ = forward("detector.text.view")  # TextView, as the former `detector.text` module gave it
