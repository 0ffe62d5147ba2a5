"""The child process of `fuzz.drive`: runs harness functions on inputs sent over a pipe, one at a time.

Protocol: the parent writes `<4-byte length><JSON header>` then `<4-byte length><input bytes>`; the child answers
one JSON line. A child that dies (a signal, the OOM killer) or stops answering is the finding: the parent records
the input and starts another child.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO


def _read(stream: BinaryIO) -> bytes | None:
    head = stream.read(4)
    if len(head) < 4:
        return None
    (size,) = struct.unpack("<I", head)
    return stream.read(size)


def main() -> None:
    from fuzz.targets import read_one, scan_one

    base = Path(tempfile.mkdtemp(prefix="detector-fuzz-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None))
    source, sink = sys.stdin.buffer, sys.stdout
    try:
        while True:
            header = _read(source)
            data = _read(source)
            if header is None or data is None:
                return
            job = json.loads(header)
            if job["harness"] == "selftest-crash":  # proves the parent counts a native crash (tests)
                os.abort()
            if job["harness"] == "read":
                folder = base / "case"
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir()
                result = read_one(job["target"], data, folder, job.get("score", 2))
            else:
                result = scan_one(data.decode("utf-8", "surrogatepass"))
            sink.write(json.dumps(result) + "\n")
            sink.flush()
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
