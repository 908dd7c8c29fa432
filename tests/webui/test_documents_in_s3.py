"""With a bucket configured, the child's file keeps its files in S3-compatible object storage
(the access rules are the same whatever the store: they are tested once, on the disk)."""

import hashlib
import io

import pytest
import sample_files


@pytest.fixture
def in_bucket(app, s3_bucket, s3_url, monkeypatch):
    """The app configured to keep documents in a bucket of the test S3 server."""
    client, bucket = s3_bucket
    for name, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                        "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(name, value)
    app.config.update(DOCUMENTS_S3_BUCKET=bucket, DOCUMENTS_S3_ENDPOINT_URL=s3_url, DOCUMENTS_S3_PREFIX="school/")
    yield client, bucket
    app.extensions.pop("teamaround.s3", None)


def test_a_file_uploaded_is_kept_in_the_bucket_and_downloads_from_it(client, bearer, child_team, in_bucket):
    s3, bucket = in_bucket
    data = sample_files.pdf()
    added = client.post(
        f"/api/v1/children/{child_team.child.id}/documents",
        data={"title": "Diagnosis letter", "kind": "letter", "file": (io.BytesIO(data), "letter.pdf")},
        headers=bearer("parent"), content_type="multipart/form-data",
    )
    assert added.status_code == 201, added.json
    digest = hashlib.sha256(data).hexdigest()
    kept = s3.get_object(Bucket=bucket, Key=f"school/{digest[:2]}/{digest[2:4]}/{digest}")["Body"].read()
    assert kept == data
    downloaded = client.get(f"/api/v1/documents/{added.json['id']}/file", headers=bearer("senco"))
    assert downloaded.status_code == 200 and downloaded.data == data
