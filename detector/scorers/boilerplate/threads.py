"""Comment threads below the article: block evidence for running text that shape may never delete.

A reader comment is running text, often longer and better written than a teaser, so neither the line model nor the
block stage may delete it (running text is never deleted on shape alone, `article.py`). What gives a thread away is
its rhythm, not its sentences: a signature line ("Palash Goyal says:", "Posted by: Harry | Jan 10, 2008 10:27 PM",
"May 3, 2016 at 6:27 pm") before or after each post, again and again, under different names. One such line says
little (a byline, a dateline, a blog's own "Posted by" look the same), so the evidence is the chain:

- signature lines (`lexicons/boilerplate/comment_signatures.en.tsv`, whole lines) that come after at least
  `MIN_ARTICLE_CHARS` of running text (the article is above its comments);
- consecutive signatures at most `GAP_LINES` lines and `GAP_CHARS` running characters apart (a comment is short; a
  blog's own dated posts are not);
- at least `MIN_SIGNATURES` signatures with at least two different names: a blog that signs every post with its
  author's name, and a live blog that stamps each entry with a time, are one voice, not a thread.

Off by default (`Rule.opt_in`): whether reader comments belong to a page is a convention the labelled corpora
disagree on (CleanEval keeps a blog's comments, L3S-GN1 and boilerplate-wcxb do not), and content wins.

Every line from the chain's first signature to its last, and the posts after the last one (running lines and
lines other rules flag, such as "Reply", up to `TAIL_LINES` lines), gets a `BP305` finding with a safe fix. The lines it
marks do not count towards the circuit breaker (`decide.py`): a page whose comments outweigh its article is the
page the breaker would otherwise leave uncleaned, and the thread is evidence of where the article ends.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence

from detector.rules.kinds import line_matches
from detector.rules.rule import Rule
from detector.scorers.boilerplate.article import ArticleLayout
from detector.scorers.boilerplate.candidates import Candidate
from detector.text.lexicons import load_lexicon

COMMENT_THREAD = Rule(
    id="BP305", name="bp-comment-thread", category="boilerplate", kind="metric", severity="warning",
    confidence=0.9, opt_in=True,
    message="This line is in a comment thread below the article ({posts} signed comments, by {names} different "
    "names, e.g. '{example}').",
    title="Line of a reader-comment thread below the article",
    rationale="Reader comments are running text, so their shape never gives them away and the line and block "
    "models rightly leave them; but a thread has a rhythm no article has: a signature line ('Anna says:', "
    "'Posted by: Harry | Jan 10, 2008 10:27 PM') before or after each short post, under different names, after "
    "the article. The chain of signatures, not any one line, is the evidence.",
    example="The council approved the new bus routes on Tuesday after a long debate about the costs of the plan "
    "and the needs of the villages along the coast.\nThe first buses will run in the spring, the council said, "
    "and fares will stay the same for at least a year after that.\nThe routes link six villages to the station "
    "and the hospital, which until now could only be reached by changing buses in the town centre.\nCouncillors "
    "who voted against the plan said the money would have been better spent on repairing the coast road, which "
    "has been closed twice this winter.\nAnna Smith says:\nMay 3, 2016 at 6:27 pm\n"
    "About time, the old timetable was a joke for anyone who works shifts.\nReply\nTom Jones says:\n"
    "May 3, 2016 at 7:02 pm\nWill the late bus still stop at the hospital?\nReply",
    fixed_example="The council approved the new bus routes on Tuesday after a long debate about the costs of the "
    "plan and the needs of the villages along the coast.\nThe first buses will run in the spring, the council "
    "said, and fares will stay the same for at least a year after that.\nThe routes link six villages to the "
    "station and the hospital, which until now could only be reached by changing buses in the town centre.\n"
    "Councillors who voted against the plan said the money would have been better spent on repairing the coast "
    "road, which has been closed twice this winter.",
    fix="Delete the thread (its signature lines, posts and reply links).", fix_safety="safe",
    known_problems="Off by default (`--extend-select BP305`, or `extend-select = [\"BP305\"]` under "
    "`[tool.detector]`): whether reader comments belong to a page is a convention, and the labelled corpora "
    "disagree. On L3S-GN1 and boilerplate-wcxb comments are residue and the thread stage is nearly all gain "
    "(boilerplate-wcxb's trafilatura output, which keeps comments, goes from -0.3% to 12.2% of the gap closed); "
    "CleanEval's annotators kept the comments of blog pages: with the stage, 0.97% -> 1.53% of its whole-page "
    "article characters are lost (0.34% -> 0.58% of its extractor output's), over the content budget. "
    "Signature patterns are English (names with 'says', 'Posted by', English month names); a thread whose "
    "template shows no names or times is not found. An article that quotes several people each on a line of its "
    "own ending in 'says:' after 500 characters of text would look like a thread, and so would a multi-author "
    "blog aggregator of short posts.",
    source="signature lines from lexicons/boilerplate/comment_signatures.en.tsv; the chain rule in "
    "boilerplate/threads.py, measured in reports/boilerplate_eval.md",
)
SIGNATURES = "boilerplate/comment_signatures.en.tsv"
MIN_ARTICLE_CHARS = 500  # running text above the first signature: the article comes before its comments
GAP_LINES = 12  # at most this many lines between two signatures of one thread
GAP_CHARS = 1200  # and at most this much running text (a comment is short; a blog's own dated post is not)
MIN_SIGNATURES = 2
TAIL_LINES = 10  # lines after the last signature that may still be its post and its reply links
_NOT_NAME = re.compile(
    r"[\W\d_]+|\b(?:posted|submitted|comment(?:ed)?|written|added|by|from|on|at|says|said|wrote|writes|replied|"
    r"[ap]m|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:sday)?|wed(?:nesday)?|thu(?:rsday)?|"
    r"fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b", re.I)


def name_key(line: str) -> str:
    """The commenter's name a signature line carries, as a comparison key ('' for a bare date and time)."""
    return " ".join(_NOT_NAME.sub(" ", line.casefold()).split())


def chains(signatures: Sequence[int], running_before: Sequence[int]) -> list[list[int]]:
    """Signatures (line indices, in order) grouped into runs whose neighbours are close in lines and in running
    text; `running_before[k]` is the running text above signature k."""
    out: list[list[int]] = []
    last_before = 0
    for k, index in enumerate(signatures):
        if out and index - out[-1][-1] <= GAP_LINES and running_before[k] - last_before <= GAP_CHARS:
            out[-1].append(index)
        else:
            out.append([index])
        last_before = running_before[k]
    return out


def thread_candidates(layout: ArticleLayout, flagged: Collection[int]) -> Iterator[Candidate]:
    """One `BP305` candidate per line of every comment thread of the page; `flagged` are the lines other rules
    flag whole (a thread's "Reply", "Report this comment", "3 likes" are found by `bp-comment-prompt`)."""
    lines = layout.lines
    lexicon = load_lexicon(SIGNATURES)
    signed = {index for index, _ in line_matches(lexicon, lines.view, lines.cores)}
    if len(signed) < MIN_SIGNATURES:
        return
    texts = [line.text for line in lines.lines]
    running = layout.running
    signatures: list[int] = []
    running_before: list[int] = []
    above = 0
    for index, text in enumerate(texts):
        if index in signed and not running[index] and above >= MIN_ARTICLE_CHARS:
            signatures.append(index)
            running_before.append(above)
        if running[index]:
            above += len(text)
    for chain in chains(signatures, running_before):
        names = {key for key in (name_key(texts[i]) for i in chain) if key}
        if len(chain) < MIN_SIGNATURES or len(names) < 2:
            continue
        first, last = chain[0], chain[-1]
        end = last
        for index in range(last + 1, min(len(texts), last + 1 + TAIL_LINES)):
            if not (running[index] or index in signed or index in flagged):
                break
            end = index
        example = texts[first].strip()[:60]
        message = COMMENT_THREAD.format_message(posts=len(chain), names=len(names), example=example)
        for index in range(first, end + 1):
            yield Candidate(COMMENT_THREAD, lines.lines[index].span, COMMENT_THREAD.confidence, message, index)
