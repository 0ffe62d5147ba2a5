"""Kill `detector clean --in-place` with SIGKILL at random moments, check what it left, run it again, and compare
with an uninterrupted clean.

    python -m fuzz.kill_clean --trials 100 --seed 1

Each trial copies a folder of text files and a JSONL file with residue to clean, starts `clean --in-place` on it,
kills it at a random moment (now and then the rerun too), and checks the state right after the kill: every file
is its original or its complete cleaned version, every cleaned file has a backup holding the original bytes, and
every JSONL record rebuilds its original text from `detector_removed`. Then it runs the clean again to the end
and compares every file with the uninterrupted clean's, and looks for files that should not be there (temporary
files of the killed run: the rerun must remove them). The last line printed is a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESIDUE = ("Share this article\n", "Home | News | Sport | Weather\n", "Advertisement\n", "Read more:\n",
           "Sign up for our newsletter\n")


@dataclass
class CleanKillSummary:
    trials: int = 0
    state_checks: int = 0
    torn_or_unknown_files: int = 0
    lost_originals: int = 0
    bad_records: int = 0
    final_different: int = 0
    failed_reruns: int = 0
    stray_after_rerun: int = 0
    stray_right_after_kill: int = 0
    notes: Counter[str] = field(default_factory=Counter)

    def line(self) -> str:
        data = asdict(self)
        data["notes"] = dict(self.notes.most_common(10))
        return json.dumps(data, sort_keys=True)


def make_inputs(folder: Path, files: int = 20, records: int = 60) -> None:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    rng = random.Random(files * 1000 + records)
    texts = folder / "texts"
    texts.mkdir(parents=True)
    for number in range(files):
        body = rng.choice(seeds)
        (texts / f"f{number:02d}.txt").write_text(rng.choice(RESIDUE) + body + rng.choice(RESIDUE), encoding="utf-8")
    with (folder / "recs.jsonl").open("w", encoding="utf-8") as out:
        for number in range(records):
            body = rng.choice(seeds)[: rng.randint(300, 3000)]
            out.write(json.dumps({"id": f"r{number}", "text": rng.choice(RESIDUE) + body}) + "\n")


def _clean(folder: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "detector.cli.app", "clean", str(folder / "texts"), str(folder / "recs.jsonl"),
               "--in-place"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _undo(record: dict[str, object]) -> str:
    text = str(record["text"])
    removed = record.get("detector_removed") or []
    rounds: dict[int, list[dict[str, object]]] = {}
    for entry in removed:  # type: ignore[union-attr]
        rounds.setdefault(int(entry["round"]), []).append(entry)
    for number in sorted(rounds, reverse=True):
        parts, position, shift = [], 0, 0
        for edit in rounds[number]:
            start = int(edit["start"]) + shift
            replacement = str(edit["replacement"])
            parts += [text[position:start], str(edit["removed"])]
            position = start + len(replacement)
            shift += len(replacement) - (int(edit["end"]) - int(edit["start"]))
        parts.append(text[position:])
        text = "".join(parts)
    return text


def check_state(folder: Path, original: dict[str, bytes], cleaned: dict[str, bytes],
                summary: CleanKillSummary) -> None:
    """Right after a kill: each input is its original or its cleaned version, with a backup when cleaned."""
    summary.state_checks += 1
    now = _files(folder)
    for name, before in original.items():
        current = now.get(name)
        if current == before:
            continue
        if current != cleaned.get(name):
            if name.endswith(".jsonl") and current is not None:
                _check_records(current, original[name], summary)
                continue
            summary.torn_or_unknown_files += 1
            summary.notes[f"torn or unknown: {name}"] += 1
            continue
        if original[name] not in (now.get(name + ".orig"), now.get(name + ".orig.2")):
            summary.lost_originals += 1
            summary.notes[f"no backup with the original: {name}"] += 1


def _check_records(current: bytes, before: bytes, summary: CleanKillSummary) -> None:
    """A JSONL file that is not byte for byte a known version: every record must still undo to its original."""
    old = before.splitlines()
    new = current.splitlines()
    if len(old) != len(new):
        summary.torn_or_unknown_files += 1
        return
    for line_before, line_now in zip(old, new):
        if _undo(json.loads(line_now)) != json.loads(line_before)["text"]:
            summary.bad_records += 1


def _stray(folder: Path, expected: dict[str, bytes]) -> list[str]:
    return sorted(name for name in _files(folder) if name not in expected)


def trial(base: Path, template: Path, original: dict[str, bytes], final: dict[str, bytes], duration: float,
          rng: random.Random, summary: CleanKillSummary) -> None:
    folder = base / "trial"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(template, folder)
    cleaned = {name: final[name] for name in original}
    process = _clean(folder)
    time.sleep(rng.uniform(0.0, duration))
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait()
    check_state(folder, original, cleaned, summary)
    if any(name.endswith(".tmp") for name in _stray(folder, final)):
        summary.stray_right_after_kill += 1
    if rng.random() < 0.3:  # kill the rerun too
        process = _clean(folder)
        time.sleep(rng.uniform(0.0, duration))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait()
        check_state(folder, original, cleaned, summary)
    process = _clean(folder)
    _, err = process.communicate()
    summary.trials += 1
    if process.returncode != 0:
        summary.failed_reruns += 1
        summary.notes[err.decode("utf-8", "replace")[-120:]] += 1
        return
    now = _files(folder)
    for name in original:
        if now.get(name) != final[name]:
            summary.final_different += 1
            summary.notes[f"final differs: {name}"] += 1
        if now.get(name + ".orig") != final.get(name + ".orig"):
            summary.lost_originals += 1
    stray = _stray(folder, final)
    if stray:
        summary.stray_after_rerun += 1
        summary.notes["stray: " + ", ".join(stray)[:100]] += 1


def run(trials: int, seed: int = 1, folder: Path | None = None) -> CleanKillSummary:
    summary = CleanKillSummary()
    rng = random.Random(seed)
    base = Path(tempfile.mkdtemp(prefix="detector-killclean-", dir=folder))
    try:
        template = base / "template"
        make_inputs(template)
        original = _files(template)
        reference = base / "reference"
        shutil.copytree(template, reference)
        started = time.monotonic()
        process = _clean(reference)
        _, err = process.communicate()
        if process.returncode != 0:
            raise RuntimeError(f"the reference clean failed: {err.decode()[-300:]}")
        duration = time.monotonic() - started
        final = _files(reference)
        for _ in range(trials):
            trial(base, template, original, final, duration, rng, summary)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(run(args.trials, args.seed).line())


if __name__ == "__main__":
    main()
