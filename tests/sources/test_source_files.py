"""Files attached to sources: judged by content, hashed at upload."""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from sources.models import Source

pytestmark = pytest.mark.django_db
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def source_form(file: SimpleUploadedFile) -> dict:
    return {
        "reference": "invented-court-record",
        "kind": "court_record",
        "title": "Invented court record",
        "published_precision": "day",
        "language": "ru",
        "visibility": "staff",
        "file": file,
        "change_reason": "scan received from a lawyer (invented)",
    }


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("content", [PDF, png()], ids=["pdf", "png"])
def test_an_uploaded_file_is_kept_with_its_sha256(editor_client, content):
    upload = SimpleUploadedFile("record.bin", content)

    response = editor_client.post(
        reverse("admin:sources_source_add"), source_form(upload)
    )

    assert response.status_code == 302
    source = Source.objects.get(reference="invented-court-record")
    assert source.sha256 == hashlib.sha256(content).hexdigest()


def test_a_program_named_like_a_pdf_is_refused(editor_client):
    upload = SimpleUploadedFile(
        "record.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\xff\xff"
    )

    response = editor_client.post(
        reverse("admin:sources_source_add"), source_form(upload)
    )

    assert response.status_code == 200
    assert "Only PDF documents, images" in response.content.decode()
    assert not Source.objects.filter(reference="invented-court-record").exists()


def test_a_staff_source_page_is_not_public(client, editor_client):
    editor_client.post(
        reverse("admin:sources_source_add"),
        source_form(SimpleUploadedFile("r.pdf", PDF)),
    )
    source = Source.objects.get(reference="invented-court-record")

    assert client.get(source.get_absolute_url()).status_code == 404
    assert editor_client.get(source.get_absolute_url()).status_code == 200
