"""`--statistics`: how often each rule fired, in ruff's layout.

One line a rule, most frequent first (ties by id): the count, the id, `[*]` when the rule's fix is safe (`detector
clean` applies it by default) or `[ ]` when it is not, and the rule's name. Tab-separated, so `cut` and `sort`
work on it.

>>> from collections import Counter
>>> from detector.scorers.registry import load_rules
>>> print(render_statistics(Counter({"MT201": 1, "BP101": 3}), load_rules()), end="")
3	BP101	[*] bp-navigation-ui
1	MT201	[ ] mt-eggcorn
"""

from __future__ import annotations

from collections.abc import Mapping

from detector.rules.rule import Rule


def render_statistics(counts: Mapping[str, int], rules: Mapping[str, Rule]) -> str:
    rows = sorted(((n, rule_id) for rule_id, n in counts.items() if n), key=lambda row: (-row[0], row[1]))
    width = max((len(str(n)) for n, _ in rows), default=1)
    lines = []
    for count, rule_id in rows:
        rule = rules.get(rule_id)
        marker = "[*]" if rule is not None and rule.fix_safety == "safe" else "[ ]"
        lines.append(f"{count:>{width}}\t{rule_id}\t{marker} {rule.name if rule else ''}".rstrip())
    return "".join(line + "\n" for line in lines)
