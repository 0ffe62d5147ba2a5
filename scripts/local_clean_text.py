"""Gather human-written text in many languages from what this machine has installed, for false-alarm counts.

Why: the boilerplate phrase lists of languages the labelled corpora barely cover (zh, ja, ru, pt, it, nl) still must
not fire on article text of their language. No labelled pages exist for them, but a Debian machine carries text
written (or translated) by people: the translated manual pages (`/usr/share/man/<lang>/`, reference prose with
headings) and, when the `fortunes-*` packages are installed, quotations and jokes (`/usr/share/games/fortunes/`).
Neither is news; both are text nobody would call page furniture, so every list hit on them is a false alarm.

    .venv/bin/python scripts/local_clean_text.py /tmp/clean-text
    .venv/bin/python scripts/lexicon_precision.py --clean-dir /tmp/clean-text

writes `/tmp/clean-text/<lang>/<source>-<name>.txt`, one file per manual page and one per block of 40 fortunes.
Manual pages are rendered with `man -l` (wide, no hyphenation) and their indentation removed. Nothing is written for
a language the machine lacks; what was found is printed, so a report can say what its figures rest on.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
from pathlib import Path

MAN = {"ja": ["ja"], "zh": ["zh_CN", "zh_TW"], "ru": ["ru"], "pt": ["pt", "pt_BR"], "it": ["it"], "nl": ["nl"],
       "de": ["de"], "fr": ["fr"], "es": ["es"]}
FORTUNES = {"it": ["it", "italia", "definizioni", "leggi", "luttazzi", "formiche", "paolotedeschi", "itatrek"],
            "pt": ["brasil"], "zh": ["chinese", "tang300.u8", "song100.u8"], "ru": ["ru"], "de": ["de"], "es": ["es"]}
FORTUNE_ROOT = Path("/usr/share/games/fortunes")
BLOCK = 40
CONTROL = re.compile(r"\x1b\[[0-9;]*m|[\x00-\x08\x0b-\x1f\x7f]")


def render_man(path: Path) -> str:
    env = dict(os.environ, MANWIDTH="2000", MAN_KEEP_FORMATTING="0", LC_ALL="C.UTF-8")
    done = subprocess.run(["man", "--nh", "--nj", "-l", str(path)], capture_output=True, env=env, check=False)
    text = done.stdout.decode("utf-8", errors="replace")
    text = re.sub(r".\x08", "", text)  # overstrike bold and underline
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


def fortune_files(name: str) -> list[Path]:
    path = FORTUNE_ROOT / name
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file() and not p.name.endswith((".dat", ".u8")))
    return [path] if path.is_file() else []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    for lang, folders in MAN.items():
        count = 0
        for folder in folders:
            for page in sorted((Path("/usr/share/man") / folder).glob("man*/*")):
                text = render_man(page)
                if text.strip():
                    target = args.out / lang / f"man-{folder}-{page.name.split('.')[0]}.txt"
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(text, encoding="utf-8")
                    count += 1
        print(f"{lang}: {count} manual pages")
    for lang, names in FORTUNES.items():
        count = 0
        for name in names:
            for file in fortune_files(name):
                raw = CONTROL.sub("", file.read_bytes().decode("utf-8", errors="replace"))
                entries = [e.strip("\n") for e in raw.split("\n%\n") if e.strip()]
                for block in range(0, len(entries), BLOCK):
                    target = args.out / lang / f"fortunes-{file.name}-{block // BLOCK:03d}.txt"
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text("\n\n".join(entries[block : block + BLOCK]) + "\n", encoding="utf-8")
                count += len(entries)
        print(f"{lang}: {count} fortunes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
