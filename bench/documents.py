"""A 10 MB PDF uploaded and downloaded through the API under the 32-user load of bench/load.py,
against the same load without files: a worker's memory must grow by less than the file's size,
since files pass through in chunks and are never read whole.

Each round serves a fresh copy of one generated database with ``teamaround serve`` (its
defaults) and samples every worker's resident memory (RSS) five times a second; in the round
with files, one more client uploads the PDF and downloads it again, over and over, beside
the 32 users.

    .venv/bin/python bench/documents.py [--seconds 30] [--users 32] [--database postgresql]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import harness
import load

sys.path.append(str(Path(__file__).resolve().parent.parent / "tests"))
import sample_files  # noqa: E402

FILE_BYTES = 10 * 1024 * 1024


def big_pdf() -> bytes:
    """A real PDF, padded after its end with a comment of random bytes to 10 MB."""
    return sample_files.pdf("Assessment report") + b"%" + os.urandom(FILE_BYTES)


def multipart(fields: dict, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = "teamaround-bench-boundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                 "Content-Type: application/pdf\r\n\r\n".encode() + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def files_back_and_forth(base, child_id, token, deadline, timings, errors) -> None:
    """Upload the PDF, download it whole, again and again until ``deadline``."""
    content = big_pdf()
    body, content_type = multipart({"title": "Assessment report", "kind": "report"}, "report.pdf", content)
    headers = {"Authorization": f"Bearer {token}"}
    while time.monotonic() < deadline:
        try:
            started = time.perf_counter()
            sent = urllib.request.Request(f"{base}/api/v1/children/{child_id}/documents", data=body,
                                          headers={**headers, "Content-Type": content_type})
            with urllib.request.urlopen(sent, timeout=120) as answer:
                document = json.loads(answer.read())
            uploaded = time.perf_counter()
            got = urllib.request.Request(f"{base}/api/v1/documents/{document['id']}/file", headers=headers)
            size = 0
            with urllib.request.urlopen(got, timeout=120) as answer:
                while chunk := answer.read(64 * 1024):
                    size += len(chunk)
            if size != len(content):
                errors.append(f"downloaded {size} bytes of {len(content)}")
            timings.append((uploaded - started, time.perf_counter() - uploaded))
        except OSError as error:
            errors.append(f"{type(error).__name__}: {error}")


def round_of(url: str, *, users: int, seconds: float, with_files: bool) -> dict:
    tally = load.Tally()
    parents = harness.parents(url, users)
    tokens = load.teacher_tokens(url, [child_id for _, child_id in parents])
    peaks, timings, errors = [], [], []
    with harness.serving(harness.teamaround_serve(load.WORKERS, load.THREADS), url) as server:
        cookies = [harness.login(server.base, email) for email, _ in parents]
        baseline = server.worker_rss_mb()
        deadline = time.monotonic() + seconds
        threads = [threading.Thread(target=load.user, args=(
            number, server.base, parents[number % len(parents)][1], cookies[number % len(parents)],
            tokens[parents[number % len(parents)][1]], deadline, tally)) for number in range(users)]
        if with_files:
            child_id = parents[0][1]
            threads.append(threading.Thread(target=files_back_and_forth, args=(
                server.base, child_id, tokens[child_id], deadline, timings, errors)))
        for thread in threads:
            thread.start()
        while any(thread.is_alive() for thread in threads):
            peaks.append(max(server.worker_rss_mb(), default=0))
            time.sleep(0.2)
        after = server.worker_rss_mb()
    return {"baseline": baseline, "peak": max(peaks), "after": after, "timings": timings,
            "errors": errors + [f"{kind}: {status}" for kind, status in tally.errors],
            "requests": sum(len(times) for times in tally.latencies.values())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--children", type=int, default=50, help="children generated, 250 entries each")
    options = parser.parse_args()
    print(harness.machine(), flush=True)
    with harness.database(options.database) as url, tempfile.TemporaryDirectory() as folder:
        os.environ["TEAMAROUND_DOCUMENTS_PATH"] = folder  # the served processes keep files here
        print(harness.generate(url, options.children), flush=True)
        without = round_of(url, users=options.users, seconds=options.seconds, with_files=False)
        with_files = round_of(url, users=options.users, seconds=options.seconds, with_files=True)
    report(options, without, with_files)


def report(options, without: dict, with_files: dict) -> None:
    print(f"\n{options.database}: {options.users} users for {options.seconds} s against teamaround serve "
          f"({load.WORKERS} workers x {load.THREADS} threads)")
    for name, run in (("without files", without), ("with a 10 MB PDF", with_files)):
        start = " ".join(f"{size:.0f}" for size in run["baseline"])
        end = " ".join(f"{size:.0f}" for size in run["after"])
        print(f"{name:18} requests {run['requests']:6}  worker RSS MB at start {start}; peak {run['peak']:.0f}; "
              f"at end {end}; errors {len(run['errors'])}")
    if with_files["timings"]:
        uploads = sorted(up for up, _ in with_files["timings"])
        downloads = sorted(down for _, down in with_files["timings"])
        print(f"10 MB PDF: {len(uploads)} uploads, median {uploads[len(uploads) // 2] * 1000:.0f} ms; "
              f"downloads median {downloads[len(downloads) // 2] * 1000:.0f} ms")
    growth = with_files["peak"] - without["peak"]
    goal = growth < FILE_BYTES / 2**20
    print(f"peak worker RSS with files - without: {growth:+.1f} MB "
          f"(goal < {FILE_BYTES / 2**20:.0f} MB: {'holds' if goal else 'NOT MET'})")
    for error in (without["errors"] + with_files["errors"])[:10]:
        print(f"  error: {error}")


if __name__ == "__main__":
    main()
