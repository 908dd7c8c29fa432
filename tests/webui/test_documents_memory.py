"""Files pass through a worker in chunks: a 10 MB PDF is uploaded and downloaded without the
worker ever holding it whole in memory (issue 20: memory per worker grows by less than the file)."""

import io
import os
import tracemalloc

import pytest
import sample_files
from werkzeug.test import EnvironBuilder

TEN_MB = 10 * 1024 * 1024
# What the worker may allocate for one file, whatever its size: buffers, the form, the rows.
AT_MOST = TEN_MB // 4


@pytest.fixture(scope="module")
def big_pdf():
    """A 10 MB PDF: a real one, padded with a comment of random bytes after its end."""
    return sample_files.pdf() + b"%" + os.urandom(TEN_MB)


def peak_while(run):
    """The most memory Python allocated while ``run`` ran, beyond what was held before."""
    tracemalloc.start()
    try:
        result = run()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_10_mb_upload_is_kept_without_holding_the_file_in_memory(app, bearer, child_team, big_pdf):
    # The request is built before measuring: its body is the client's, not the worker's.
    environ = EnvironBuilder(
        path=f"/api/v1/children/{child_team.child.id}/documents", method="POST", headers=bearer("slt"),
        data={"title": "Assessment report", "kind": "report", "file": (io.BytesIO(big_pdf), "report.pdf")},
    ).get_environ()
    answered = []

    def upload():
        body = app.wsgi_app(environ, lambda status, headers, exc_info=None: answered.append(status))
        return b"".join(body)

    _, peak = peak_while(upload)
    assert answered == ["201 CREATED"]
    assert peak < AT_MOST, f"the worker held {peak / 2**20:.1f} MiB for a 10 MiB file"


def test_a_10_mb_download_is_sent_without_holding_the_file_in_memory(client, bearer, child_team, big_pdf):
    added = client.post(
        f"/api/v1/children/{child_team.child.id}/documents", headers=bearer("slt"),
        data={"title": "Assessment report", "kind": "report", "file": (io.BytesIO(big_pdf), "report.pdf")},
        content_type="multipart/form-data",
    )
    headers = bearer("senco")

    def download():
        response = client.get(f"/api/v1/documents/{added.json['id']}/file", headers=headers, buffered=False)
        size = sum(len(chunk) for chunk in response.response)
        response.close()
        return size

    size, peak = peak_while(download)
    assert size == len(big_pdf)
    assert peak < AT_MOST, f"the worker held {peak / 2**20:.1f} MiB for a 10 MiB file"
