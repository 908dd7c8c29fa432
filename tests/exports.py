"""Reading a subject access export as it is downloaded: a ZIP of the JSON and the documents' files."""

import io
import json
import zipfile


def exported(response) -> zipfile.ZipFile:
    assert response.status_code == 200 and response.mimetype == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.get_data()))


def exported_json(response) -> dict:
    """The export's JSON, the one member of the archive named ``*.json``."""
    archive = exported(response)
    [name] = [name for name in archive.namelist() if name.endswith(".json")]
    return json.loads(archive.read(name))
