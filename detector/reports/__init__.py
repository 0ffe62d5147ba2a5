"""Reports: the shapes a DocumentReport is written in, where they go, and what a run adds up to.

Job: `serialize` (report <-> plain dicts, the shape every machine format shares), `writers/` (one format a
module: JSONL, JSON, CSV, Markdown, SARIF, GitHub, JUnit, Parquet), `outputs` and `sink` (report files that appear
whole, standard output that stays valid), `resume` (continuing an interrupted JSONL report), `locations`
(file/line/column and fingerprints for CI tools), `summary` and `statistics` (run totals, `--statistics`),
`baseline` (gating only on new findings), `rule_pages` (what `detector explain` prints).

May import: `core`, `config`, `text`, `rules`, `inputs`, `scorers` (the registry, for rule documentation). Never an
engine, the cleaner or the command line.
"""
