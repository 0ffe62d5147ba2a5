"""The bottom of the package: the core types and the jobs every stage shares, written once.

Job: `model` (Document, Span, Edit, Finding, DocumentReport: the types every module speaks), `safety` (what keeps any
output valid: lone surrogates, JSON-safe values, the UTF-8 text layer), `json_lines` (the one JSON encoder of
machine-readable rows), `atomic` (the one way a file is written whole or not at all), `extras` (the error an
optional install raises), `first_use` (tables loaded a word at a time), `moved` (old import paths), `prebuilt`
(start-up data kept between runs), `collector` (the garbage collector's thresholds while a command starts).

May import: the standard library and third-party packages only; nothing else in `detector`.
"""
