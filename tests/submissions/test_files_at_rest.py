"""No metadata stays in a plain file: an original is written encrypted, deleted
once a clean copy exists, and, when it cannot be cleaned, kept only encrypted for a
moderator to fetch on purpose."""

import io
import struct

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from PIL import Image
from pypdf import PdfReader
from pypdf import PdfWriter

from submissions.actions import processing
from submissions.models import Attachment
from submissions.models import Submission
from tests.submissions.test_submissions import QUEUE
from tests.submissions.test_submissions import send

pytestmark = pytest.mark.usefixtures("fresh_rate_limits")
OLD_AUTHOR, NEW_AUTHOR = b"InventedOldAuthor", b"InventedNewAuthor"


def malformed_pdf() -> bytes:
    """A PDF header and an information dictionary, no cross-reference table."""
    return (
        b"%PDF-1.4\n1 0 obj << /Author (" + OLD_AUTHOR + b") /Title (Invented) >>"
        b" endobj\n%%EOF\n"
    )


def pdf_updated_incrementally() -> bytes:
    """A PDF whose first author is hidden by an incremental update: the old
    information dictionary is still in the file's bytes, unreferenced."""
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.add_metadata({"/Author": OLD_AUTHOR.decode()})
    first = io.BytesIO()
    writer.write(first)
    update = PdfWriter(io.BytesIO(first.getvalue()), incremental=True)
    update.add_metadata({"/Author": NEW_AUTHOR.decode()})
    out = io.BytesIO()
    update.write(out)
    assert OLD_AUTHOR in out.getvalue() and NEW_AUTHOR in out.getvalue()
    return out.getvalue()


def jpeg_with_broken_exif() -> bytes:
    """A JPEG whose EXIF segment points past its end, with a GPS-like text in it."""
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (20, 90, 160)).save(out, "JPEG")
    jpeg = out.getvalue()
    payload = b"Exif\x00\x00MM\x00\x2a\x00\x00\xff\xf0" + OLD_AUTHOR + b"43N52E"
    segment = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + segment + jpeg[2:]


def files_on_disk(submission: Submission) -> list[bytes]:
    _folders, names = default_storage.listdir(submission.files_folder)
    return [
        default_storage.open(f"{submission.files_folder}/{name}").read()
        for name in names
    ]


@pytest.fixture
def processed(django_capture_on_commit_callbacks):
    """Send a file and process its submission, as the worker does (the original is
    deleted once the clean copy is committed)."""

    def process(name: str, content: bytes) -> tuple[Submission, Attachment]:
        send(Client(), files=[(name, content)])
        submission = Submission.objects.get()
        assert not any(OLD_AUTHOR in data for data in files_on_disk(submission))
        with django_capture_on_commit_callbacks(execute=True):
            processing.process_submission(submission.pk)
        submission.refresh_from_db()
        assert submission.processed_at is not None
        return submission, Attachment.objects.get()

    return process


def test_a_malformed_pdf_is_quarantined_encrypted(
    processed, moderator_client, editor_client
):
    submission, attachment = processed("statement.pdf", malformed_pdf())

    assert attachment.problem and not attachment.scrubbed
    files = files_on_disk(submission)
    assert len(files) == 1 and OLD_AUTHOR not in files[0]  # the original, sealed
    url = f"{QUEUE}attachment/{attachment.pk}/original/"
    fetched = moderator_client.get(url)
    assert fetched.status_code == 200
    assert fetched.content == malformed_pdf()
    assert fetched["Content-Disposition"].startswith("attachment;")
    review = moderator_client.get(f"{QUEUE}{submission.pk}/change/")
    assert url in review.text
    assert Client().get(url).status_code == 302  # to the sign-in page
    assert editor_client.get(url).status_code in (302, 403)


def test_an_incremental_update_leaves_no_old_metadata(db, processed):
    submission, attachment = processed("statement.pdf", pdf_updated_incrementally())

    clean = attachment.scrubbed.read()
    assert OLD_AUTHOR not in clean and NEW_AUTHOR not in clean
    assert not PdfReader(io.BytesIO(clean)).metadata
    files = files_on_disk(submission)
    assert len(files) == 1  # the clean copy; the original is gone
    assert not any(author in files[0] for author in (OLD_AUTHOR, NEW_AUTHOR))


def test_an_image_whose_exif_cannot_be_read_leaves_nothing_plain(
    processed, moderator_client
):
    submission, attachment = processed("photo.jpg", jpeg_with_broken_exif())

    files = files_on_disk(submission)
    assert not any(OLD_AUTHOR in data for data in files)
    if attachment.scrubbed:
        assert Image.open(io.BytesIO(attachment.scrubbed.read())).size == (32, 24)
        assert len(files) == 1
    else:
        assert attachment.problem
        url = f"{QUEUE}attachment/{attachment.pk}/original/"
        assert moderator_client.get(url).content == jpeg_with_broken_exif()


def test_the_original_of_a_clean_file_is_never_fetched(processed, moderator_client):
    _submission, attachment = processed("statement.pdf", pdf_updated_incrementally())

    url = f"{QUEUE}attachment/{attachment.pk}/original/"
    assert moderator_client.get(url).status_code == 404
