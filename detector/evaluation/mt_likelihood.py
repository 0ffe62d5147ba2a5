"""The document MT likelihood's out-of-fold figures, as `detector eval mt` prints them.

They are measured when the model is fitted (`scripts/train_mt_likelihood.py`, which refits the vocabulary, idf and
weights without the documents it judges) and stored in the model file's `figures`: the dev documents are the shipped
model's training data, so figures measured on them at evaluation time would be in-sample. This module only renders
them beside their targets (issue 23) and the command that reproduces them.
"""

from __future__ import annotations

from typing import Any

TRAIN_COMMAND = ".venv/bin/pip install -e '.[train]' && .venv/bin/python scripts/train_mt_likelihood.py"
BANDS = ("<50", "50-200", ">200")
TARGETS = {"lopo_mean": 0.72, "lopo_worst": 0.65, "year": 0.70, "native": 0.02}


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{100 * share:.1f}%"


def _band_cells(bands: dict[str, Any], key: str) -> str:
    return " | ".join(f"{bands[b][key]} ({bands[b]['documents']})" if bands.get(b, {}).get(key) is not None
                      else f"- ({bands.get(b, {}).get('documents', 0)})" for b in BANDS)


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def render_model_figures(figures: dict[str, Any]) -> list[str]:
    """The targets table, then the figures behind it by pair, year, register and length band."""
    lopo = figures.get("leave_one_pair_out")
    if not lopo:  # a file fitted without figures (--no-figures), or of the earlier shape
        return ["", "The model file holds no out-of-fold figures (fitted with --no-figures?); "
                    f"`{TRAIN_COMMAND}` measures them."] if figures else []
    years = figures["leave_one_year_out"]
    natives = figures["natives"]
    calibration = figures["calibration"]
    at = figures["at_verdict_likelihood"]
    threshold = figures["verdict_likelihood"]
    worst_pair = min(lopo["by_pair"], key=lambda p: lopo["by_pair"][p]["auc"])
    year_aucs = {name: v["auc"] for name, v in years.items()}
    trained_registers = {r: v for r, v in natives.items() if r != "web"}
    native_worst = max(v["share_at_verdict_likelihood"] for v in trained_registers.values())
    typography = figures["typography_plain"]
    extractors = figures.get("extractors", {})
    lines = ["", "## Document MT likelihood (out of fold, stored in the model file)", "",
             f"Reproduce: `{TRAIN_COMMAND}` (refits every split; the figures land in lexicons/mt/likelihood.json). "
             f"Documents under {figures['min_words']} words"
             + (f" or under {figures['min_sentence_words']:g} words per sentence on average (not running text)"
                if figures.get("min_sentence_words") else "")
             + " are not judged (likelihood None); the `<50` columns say what the model would have answered.", "",
             "| measure | figure | target |", "| --- | --- | --- |",
             f"| AUC machine vs human translation, leave one pair out: mean of six; worst | {lopo['mean']}; "
             f"{lopo['by_pair'][worst_pair]['auc']} ({worst_pair}) | >= {TARGETS['lopo_mean']}; >= "
             f"{TARGETS['lopo_worst']}: {_met(lopo['mean'] >= TARGETS['lopo_mean'])}; "
             f"{_met(lopo['by_pair'][worst_pair]['auc'] >= TARGETS['lopo_worst'])} |",
             "| AUC fitted on one year, judged on the other | "
             + "; ".join(f"{name} {auc}" for name, auc in year_aucs.items())
             + f" | >= {TARGETS['year']}: {_met(min(year_aucs.values()) >= TARGETS['year'])} |",
             f"| native English at the verdict likelihood ({threshold}), per register | "
             + ", ".join(f"{r} {_percent(v['share_at_verdict_likelihood'])}" for r, v in natives.items())
             + f" | <= 2% each: {_met(native_worst <= TARGETS['native'])} (web: never trained on) |",
             f"| calibration at the dev mix (MT share {calibration['prior']}, {calibration['documents']} documents):"
             f" Brier | {calibration['brier']} (constant {calibration['brier_constant_prior']}) | below the "
             f"constant: {_met(calibration['brier'] < calibration['brier_constant_prior'])} |",
             f"| verdict likelihood: precision of the documents at or above it | {threshold}: precision "
             f"{at['precision']}, machine translations reached {_percent(at['mt_recall'])}, human translations "
             f"{_percent(at['human_translations_flagged'])} | >= 0.9 |",
             f"| typography made plain (quotes, dashes, spaces before punctuation): likelihood change | "
             f"{_percent(typography['share_within_0.05'])} within 0.05 (max {typography['max_change']}); AUC mean "
             f"{lopo['mean_typography_plain']} | within 0.05 |"]
    if extractors:
        lines.append(f"| the same article from ten extractors (content lines): likelihood spread per page | "
                     f"{_percent(extractors['share_within_0.05'])} of {extractors['pages']} pages within 0.05 "
                     f"(median {extractors['median_spread']}, max {extractors['max_spread']}) | within 0.05 |")
    lines += ["", "Leave one pair out (each pair judged by a model fitted without it), AUC by length band "
                  "(documents):", "",
              "| pair | judged | AUC | typography plain | <50 | 50-200 | >200 |", "| --- | --- | --- | --- | --- |"
              " --- | --- |"]
    lines += [f"| {pair} | {v['documents']} | {v['auc']} | {v['auc_typography_plain']} | "
              f"{_band_cells(v['by_band'], 'auc')} |" for pair, v in lopo["by_pair"].items()]
    lines += ["", "Fitted on one year, judged on the other:", "",
              "| fitted -> judged | AUC | by pair | <50 | 50-200 | >200 |", "| --- | --- | --- | --- | --- | --- |"]
    lines += [f"| {name} | {v['auc']} | {', '.join(f'{p} {a}' for p, a in v['by_pair'].items())} | "
              f"{_band_cells(v['by_band'], 'auc')} |" for name, v in years.items()]
    lines += ["", f"Native English at the verdict likelihood {threshold} (trained registers judged by a model "
                  "fitted without their fold; web = the wcxb bodies, never trained on):", "",
              "| register | judged | share | typography plain | mean likelihood | <50 | 50-200 | >200 |",
              "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for register, v in natives.items():
        bands = " | ".join(f"{_percent(v['by_band'][b]['share_at_verdict_likelihood'])} "
                           f"({v['by_band'][b]['documents']})" for b in BANDS)
        lines.append(f"| {register} | {v['documents']} | {_percent(v['share_at_verdict_likelihood'])} | "
                     f"{_percent(v['share_at_verdict_likelihood_typography_plain'])} | {v['mean_likelihood']} | "
                     f"{bands} |")
    lines += ["", "Reliability at the dev mix (out of fold):", "",
              "| likelihood bin | documents | mean likelihood | observed MT share |", "| --- | --- | --- | --- |"]
    lines += [f"| {b['bin']} | {b['documents']} | {b['mean_likelihood']} | {b['observed_mt_share']} |"
              for b in calibration["reliability"]]
    lines += ["", "Per human translator (its documents against every system of its pair and year): "
              + ", ".join(f"{name} {a}" for name, a in lopo["by_translator"].items()) + "."]
    return lines
