"""The media folder unwritable, or the disk full, during an upload: the submitter is
told clearly, no row points to a missing file, and no partial file is left."""

import io
import os
import resource
import signal

import pytest
from django.test import Client
from PIL import Image

from submissions.models import Attachment
from submissions.models import Submission
from tests.submissions.test_submissions import form
from tests.submissions.test_submissions import jpeg_with_gps

pytestmark = pytest.mark.usefixtures("fresh_rate_limits")


def noisy_jpeg(side: int) -> bytes:
    """A photo that does not compress: about side * side * 1.5 bytes."""
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(
        out, "JPEG", quality=95
    )
    return out.getvalue()


def send_with(files: list[tuple[str, bytes]]):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = form()
    data["attachments"] = [SimpleUploadedFile(name, content) for name, content in files]
    return Client(raise_request_exception=False).post("/en/submit/", data)


def files_under(root) -> list[str]:
    return [str(path) for path in root.rglob("*") if path.is_file()]


def assert_nothing_stored(response, media_root) -> None:
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "nothing was saved" in response.content.decode()
    assert not Submission.objects.exists()
    assert not Attachment.objects.exists()
    assert files_under(media_root) == []


def test_an_unwritable_media_folder(db, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder's parent should be")
    settings.MEDIA_ROOT = blocker / "media"

    response = send_with([("photo.jpg", jpeg_with_gps())])

    assert_nothing_stored(response, tmp_path / "nowhere")
    assert blocker.read_text().startswith("a file")


@pytest.fixture
def disk_full_after():
    """Writes by this process past `limit` bytes fail with EFBIG, like a full disk
    (RLIMIT_FSIZE needs no privilege; SIGXFSZ is ignored so the write just fails)."""
    previous_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    def limit(size: int) -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, previous_limit[1]))

    yield limit
    resource.setrlimit(resource.RLIMIT_FSIZE, previous_limit)
    signal.signal(signal.SIGXFSZ, previous_handler)


def test_a_disk_that_fills_up_in_the_middle_of_the_files(
    db, settings, tmp_path, disk_full_after
):
    settings.MEDIA_ROOT = tmp_path / "media"
    small, large = jpeg_with_gps(), noisy_jpeg(1000)
    assert len(large) > 1024 * 1024
    disk_full_after(512 * 1024)

    response = send_with([("first.jpg", small), ("second.jpg", large)])

    assert_nothing_stored(response, tmp_path / "media")
