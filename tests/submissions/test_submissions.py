"""Public submissions: the form, the receipt, scrubbing, duplicates, moderation."""

import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import ProgrammingError
from django.db import transaction
from django.test import Client
from PIL import Image
from pypdf import PdfReader
from pypdf import PdfWriter

from archive.visibility import Visibility
from sources.models import Citation
from sources.models import Source
from submissions.actions import moderation
from submissions.actions import processing
from submissions.models import Attachment
from submissions.models import Decision
from submissions.models import Status
from submissions.models import Submission
from tests.factories import PublicPersonFactory
from tests.factories import UserFactory
from victims.models import Person

pytestmark = pytest.mark.usefixtures("fresh_rate_limits")

GPS = 0x8825
CAMERA_MAKER = 0x010F


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[CAMERA_MAKER] = "InventedPhoneMaker"
    exif[GPS] = {1: "N", 2: (43.0, 20.0, 0.0), 3: "E", 4: (52.0, 50.0, 0.0)}
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 30, 30)).save(
        out, "JPEG", exif=exif.tobytes(), comment=b"invented-comment"
    )
    return out.getvalue()


def pdf_with_author() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.add_metadata({"/Author": "Invented Author", "/Title": "Invented"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def form(kind: str = "new_person", **changes) -> dict:
    """The public form's fields, for a submission of `kind`; a change of None leaves
    a field out."""
    data = {
        "kind": kind,
        "surname": "Сәрсенбаев",
        "given_name": "Әлібек",
        "birth_year": "1990",
        "happened": ["killed"],
        "happened_on": "2022-01-06",
        "place_text": "an invented street in Almaty",
        "account": "An invented account of what the family saw.",
        "naming": "initials",
        "contact": "invented-signal-handle",
        "forget_contact_when_closed": "on",
        "website": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def send(client: Client, files=(), **changes):
    data = form(**changes)
    if files:
        data["attachments"] = [
            SimpleUploadedFile(name, content) for name, content in files
        ]
    return client.post("/en/submit/", data)


def receipt_of(response) -> str:
    return re.search(r"[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}", response.text)[
        0
    ]


def test_a_family_sends_a_new_person_without_an_account(db):
    client = Client()
    assert client.get("/en/submit/").status_code == 200
    response = send(client, files=[("photo.jpg", jpeg_with_gps())])
    assert response.status_code == 200
    receipt = receipt_of(response)
    submission = Submission.objects.get()
    assert submission.name == "Сәрсенбаев Әлібек"
    assert submission.attachments.count() == 1
    assert b"invented-signal-handle" not in bytes(submission.contact_encrypted)
    assert receipt.replace("-", "") not in str(Submission.objects.values().get())


def test_the_receipt_page_reveals_the_status_and_nothing_else(db):
    receipt = receipt_of(send(Client()))
    page = Client().post("/en/submissions/status/", {"code": receipt.lower()})
    assert "Received" in page.text
    for private in ("Сәрсенбаев", "invented account", "invented-signal", "Almaty"):
        assert private not in page.text
    wrong = Client().post("/en/submissions/status/", {"code": "AAAA-BBBB-CCCC-DDDD"})
    assert "No submission has this receipt code" in wrong.text


@pytest.mark.parametrize(
    ("changes", "files", "field_message"),
    [
        ({"account": ""}, (), "This field is required"),
        ({"surname": "", "given_name": ""}, (), "at least a surname"),
        ({"naming": "everyone"}, (), "Select a valid choice"),
        ({"birth_year": "1200"}, (), "greater than or equal to 1900"),
        ({}, [("notes.txt", b"plain text")], "is not a photo or a PDF"),
        ({}, [("fake.jpg", b"\x00\x01 not an image")], "is not a photo or a PDF"),
        ({}, [(f"p{i}.jpg", jpeg_with_gps()) for i in range(6)], "at most 5 files"),
        ({"website": "http://spam.example"}, (), "could not be accepted"),
    ],
)
def test_bad_submissions_get_a_clear_message_and_nothing_is_saved(
    db, changes, files, field_message
):
    response = send(Client(), files=files, **changes)
    assert response.status_code == 400
    assert field_message in response.text
    assert not Submission.objects.exists()


def test_too_many_submissions_from_one_address_are_refused(db, settings):
    settings.SUBMISSION_RATE = "2/hour"
    client = Client()
    assert [send(client).status_code for _ in range(3)] == [200, 200, 429]
    assert Submission.objects.count() == 2


def test_an_oversized_file_is_refused_by_size(db, settings):
    settings.SUBMISSION_MAX_FILE_BYTES = 100
    response = send(Client(), files=[("big.jpg", jpeg_with_gps())])
    assert response.status_code == 400
    assert "larger than" in response.text


def test_processing_removes_gps_exif_and_the_jpeg_comment(db):
    send(Client(), files=[("photo.jpg", jpeg_with_gps())])
    submission = Submission.objects.get()
    processing.process_submission(submission.pk)
    attachment = Attachment.objects.get()
    clean = attachment.scrubbed.read()
    image = Image.open(io.BytesIO(clean))
    assert dict(image.getexif()) == {}
    assert b"invented-comment" not in clean and b"InventedPhoneMaker" not in clean
    assert image.size == (64, 48)
    assert attachment.original_sha256 != attachment.scrubbed_sha256
    assert len(attachment.scrubbed_sha256) == 64


def test_processing_removes_pdf_metadata(db):
    send(Client(), files=[("statement.pdf", pdf_with_author())])
    processing.process_submission(Submission.objects.get().pk)
    clean = Attachment.objects.get().scrubbed.read()
    assert b"Invented Author" not in clean
    assert not PdfReader(io.BytesIO(clean)).metadata
    assert len(PdfReader(io.BytesIO(clean)).pages) == 1


def test_processing_twice_duplicates_nothing(db, django_capture_on_commit_callbacks):
    namesake = PublicPersonFactory(surname="Сәрсенбаев", given_name="Әлібек")
    UserFactory(role="moderator", email="moderator@example.org")
    send(Client(), files=[("photo.jpg", jpeg_with_gps())])
    submission = Submission.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        processing.process_submission(submission.pk)
    first = Attachment.objects.values("scrubbed", "scrubbed_sha256").get()
    with django_capture_on_commit_callbacks(execute=True):
        processing.process_submission(submission.pk)
    assert Attachment.objects.values("scrubbed", "scrubbed_sha256").get() == first
    assert [c.person for c in submission.candidates.all()] == [namesake]
    assert len(mail.outbox) == 1
    assert "Сәрсенбаев" not in mail.outbox[0].body  # the notice says nothing more


def test_decisions_cannot_be_changed_or_removed(db):
    send(Client())
    submission = Submission.objects.get()
    moderation.start_review(submission, moderator=UserFactory(role="moderator"))
    for change in (
        lambda: Decision.objects.update(note="rewritten"),
        lambda: Decision.objects.all().delete(),
    ):
        with pytest.raises(ProgrammingError), transaction.atomic():
            change()
    assert Decision.objects.get().note == ""


def test_the_contact_is_deleted_at_closing_only_if_asked(db):
    moderator = UserFactory(role="moderator")
    send(Client())
    send(Client(), forget_contact_when_closed=None)
    forget, keep = Submission.objects.order_by("received_at")
    for submission in (forget, keep):
        moderation.decline(submission, moderator=moderator, reason="invented duplicate")
    forget.refresh_from_db()
    keep.refresh_from_db()
    assert forget.contact_encrypted is None
    assert keep.contact_encrypted is not None


QUEUE = "/en/admin/submissions/submission/"


def test_anonymous_visitors_and_editors_cannot_open_the_queue(db, editor_client):
    send(Client(), files=[("photo.jpg", jpeg_with_gps())])
    submission = Submission.objects.get()
    processing.process_submission(submission.pk)
    attachment = Attachment.objects.get()
    paths = [
        QUEUE,
        f"{QUEUE}{submission.pk}/change/",
        f"{QUEUE}attachment/{attachment.pk}/",
    ]
    for path in paths:
        assert Client().get(path).status_code == 302  # to the login page
        assert editor_client.get(path).status_code == 403
    decide = f"{QUEUE}{submission.pk}/decide/"
    response = editor_client.post(decide, {"action": "decline", "note": "x"})
    assert response.status_code == 403
    assert Submission.objects.get().status == Status.RECEIVED


def test_a_moderator_reviews_with_scrubbed_files_and_candidates(moderator_client):
    namesake = PublicPersonFactory(surname="Сәрсенбаев", given_name="Әлібек")
    send(Client(), files=[("photo.jpg", jpeg_with_gps())])
    submission = Submission.objects.get()
    page = moderator_client.get(f"{QUEUE}{submission.pk}/change/")
    assert "being cleaned of metadata" in page.text
    processing.process_submission(submission.pk)
    page = moderator_client.get(f"{QUEUE}{submission.pk}/change/")
    assert str(namesake.uuid) in page.text
    assert "invented-signal-handle" in page.text  # the contact, for moderators only
    attachment = Attachment.objects.get()
    image = moderator_client.get(f"{QUEUE}attachment/{attachment.pk}/")
    assert image["Content-Type"] == "image/jpeg"
    assert b"".join(image.streaming_content) == attachment.scrubbed.read()
    listing = moderator_client.get(QUEUE, {"duplicates": "yes", "status": "received"})
    assert listing.status_code == 200 and "1 submission" in listing.text


def test_declining_needs_a_reason(moderator_client):
    send(Client())
    submission = Submission.objects.get()
    moderator_client.post(f"{QUEUE}{submission.pk}/decide/", {"action": "decline"})
    assert Submission.objects.get().status == Status.RECEIVED
    moderator_client.post(
        f"{QUEUE}{submission.pk}/decide/",
        {"action": "decline", "note": "an invented duplicate"},
    )
    assert Submission.objects.get().status == Status.DECLINED


def test_information_about_a_person_comes_from_their_page(db):
    person = PublicPersonFactory()
    page = Client().get(person.get_absolute_url())
    assert f"/en/submit/?person={person.uuid}" in page.text
    response = Client().post(
        f"/en/submit/?person={person.uuid}",
        form(kind="correction", surname=None, given_name=None, birth_year=None),
    )
    assert response.status_code == 200
    assert Submission.objects.get().person == person
    hidden = PublicPersonFactory(visibility=Visibility.STAFF)
    assert Client().get(f"/en/submit/?person={hidden.uuid}").status_code == 404
    assert Client().get("/en/submit/?person=nonsense").status_code == 404


def test_the_testimony_source_is_staff_only(db):
    send(Client())
    submission = Submission.objects.get()
    person = moderation.accept_as_new_person(
        submission, moderator=UserFactory(role="moderator"), facts={"killed"}
    )
    source = Source.objects.get(kind=Source.Kind.TESTIMONY)
    assert source.visibility == Visibility.STAFF
    assert person.visibility == Visibility.STAFF
    assert Citation.objects.filter(source=source).count() == 2  # person, death
    assert Client().get(source.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("language", "text"),
    [("kk", "Білгеніңізді жіберіңіз"), ("ru", "Сообщить, что вы знаете")],
)
def test_the_form_speaks_kazakh_and_russian(db, language, text):
    page = Client().get(f"/{language}/submit/")
    assert page.status_code == 200
    assert text in page.text


def sent_about(person, kind: str) -> tuple[Submission, str]:
    """A submission of `kind` about a person already in the archive, sent from
    their page, and the address where a moderator decides on it."""
    Client().post(
        f"/en/submit/?person={person.uuid}",
        form(kind=kind, surname=None, given_name=None, birth_year=None),
    )
    submission = Submission.objects.get()
    return submission, f"{QUEUE}{submission.pk}/decide/"


def test_a_removal_request_is_carried_out_by_hand_and_recorded(moderator_client):
    person = PublicPersonFactory()
    submission, decide = sent_about(person, "removal")
    moderator_client.post(decide, {"action": "accept"})
    assert Submission.objects.get().status == Status.RECEIVED  # needs a note
    moderator_client.post(decide, {"action": "accept", "note": "name set to initials"})
    submission.refresh_from_db()
    assert submission.status == Status.ACCEPTED
    assert submission.decisions.get().person == person
    assert Person.objects.count() == 1  # no new person


def test_information_about_a_person_merges_into_them(moderator_client):
    person = PublicPersonFactory()
    submission, decide = sent_about(person, "new_information")
    moderator_client.post(decide, {"action": "accept", "facts": ["detained"]})
    assert Submission.objects.get().status == Status.RECEIVED  # not a new person
    moderator_client.post(decide, {"action": "merge", "facts": ["detained"]})
    assert person.detentions.count() == 1
    assert Person.objects.count() == 1


def test_editors_cannot_read_submissions_through_the_history_view(editor_client):
    send(Client(), files=[("photo.jpg", jpeg_with_gps())])
    processing.process_submission(Submission.objects.get().pk)
    page = editor_client.get("/en/admin/archive/historyevent/")
    assert page.status_code == 200  # every staff role reads records' history
    assert "victims.Place" in page.text  # the list shows records' events
    assert "submissions." not in page.text  # and none of a submission's


def png_header(width: int, height: int) -> bytes:
    """A PNG that only claims its size: enough for Pillow to judge it by."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def image_bytes(image_format: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 20, 30)).save(out, image_format)
    return out.getvalue()


@pytest.mark.parametrize("image_format", ["TIFF", "GIF"])
def test_the_form_takes_only_the_photos_it_names(db, image_format):
    """The form says JPEG, PNG, WebP or PDF; a TIFF or a GIF is refused."""
    name = f"photo.{image_format.lower()}"

    response = send(Client(), files=[(name, image_bytes(image_format))])

    assert response.status_code == 400
    assert f"{name} is not a photo or a PDF" in response.text
    assert not Submission.objects.exists()


def test_a_decompression_bomb_gets_a_message_not_a_500(db):
    response = send(Client(), files=[("huge.png", png_header(20000, 20000))])

    assert response.status_code == 400
    assert "more pixels than the archive will open" in response.text
    assert not Submission.objects.exists()


def test_staff_sources_refuse_a_decompression_bomb_too():
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sources.files import validate_document

    with pytest.raises(ValidationError, match="more pixels"):
        validate_document(SimpleUploadedFile("huge.png", png_header(20000, 20000)))


def test_too_many_files_get_the_archives_own_page(db):
    files = [(f"photo{n}.png", image_bytes("PNG")) for n in range(101)]

    response = send(Client(), files=files)

    assert response.status_code == 400
    assert "Nothing was saved" in response.text
    assert "Qantar archive" in response.text
    assert not Submission.objects.exists()


def test_a_form_without_its_csrf_token_gets_the_archives_own_page(db):
    response = Client(enforce_csrf_checks=True).post("/en/submit/", form())

    assert response.status_code == 403
    assert "The form has expired" in response.text
    assert "Qantar archive" in response.text
    assert not Submission.objects.exists()


def test_the_original_with_its_gps_is_gone_once_the_clean_copy_exists(
    db, django_capture_on_commit_callbacks
):
    import os
    import stat

    send(Client(), files=[("photo.jpg", jpeg_with_gps())])
    attachment = Attachment.objects.get()
    original = attachment.original.path
    assert stat.S_IMODE(os.stat(original).st_mode) == 0o600  # owner-only at intake

    with django_capture_on_commit_callbacks(execute=True):
        processing.process_submission(attachment.submission_id)

    attachment.refresh_from_db()
    assert not attachment.original and not os.path.exists(original)
    assert len(attachment.original_sha256) == len(attachment.scrubbed_sha256) == 64
    assert stat.S_IMODE(os.stat(attachment.scrubbed.path).st_mode) == 0o600
    for folder, _, names in os.walk(os.path.dirname(attachment.scrubbed.path)):
        for name in names:
            with open(os.path.join(folder, name), "rb") as handle:
                assert b"InventedPhoneMaker" not in handle.read()


def test_the_worker_never_decodes_more_pixels_than_the_archive_opens():
    """8000x8000 is under Pillow's own limit but over the archive's: refused
    before its pixels are decoded (memory included)."""
    from submissions.scrubbing import CannotScrub
    from submissions.scrubbing import scrub_image

    with pytest.raises(CannotScrub, match="too many pixels"):
        scrub_image(png_header(8000, 8000))


def test_the_form_refuses_an_image_over_the_archives_pixel_limit(db):
    response = send(Client(), files=[("big.png", png_header(8000, 8000))])

    assert response.status_code == 400
    assert "more pixels than the archive will open" in response.text


def test_the_contact_key_rotates_without_losing_a_contact(db, settings):
    from io import StringIO

    from cryptography.fernet import Fernet
    from django.core.management import call_command

    from submissions import contact

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.SUBMISSION_CONTACT_KEYS = [old]
    send(Client(), contact="invented-signal-handle")
    stored = bytes(Submission.objects.get().contact_encrypted)

    settings.SUBMISSION_CONTACT_KEYS = [new, old]  # the new key first, the old kept
    out = StringIO()
    call_command("rotate_contact_keys", stdout=out)
    assert "1 contacts and 0 file originals re-encrypted" in out.getvalue()
    rotated = bytes(Submission.objects.get().contact_encrypted)
    assert rotated != stored

    settings.SUBMISSION_CONTACT_KEYS = [new]  # the old key dropped
    assert contact.decrypt(rotated) == "invented-signal-handle"
    settings.SUBMISSION_CONTACT_KEYS = [old]
    assert contact.decrypt(rotated) == ""  # the old key reads it no more


def test_the_review_page_speaks_the_moderators_language(moderator_client):
    PublicPersonFactory(surname="Сәрсенбаев", given_name="Әлібек")
    send(Client(), files=[("photo.jpg", jpeg_with_gps())])
    submission = Submission.objects.get()
    processing.process_submission(submission.pk)

    page = moderator_client.get(f"/kk{QUEUE[3:]}{submission.pk}/change/").text

    assert "фото 1" in page  # not the raw code "image"
    assert "есімі: Сәрсенбаев Әлібек" in page  # why the candidate, in Kazakh
    assert "Қаза тапқан" in page  # what happened, labelled
    assert ">killed<" not in page and "name: " not in page


def test_merging_a_spelling_the_person_already_has_twice(moderator_client):
    """Was a 500 (MultipleObjectsReturned) when the spelling was already there
    more than once: as the recorded name and as a variant from a list."""
    person = PublicPersonFactory(surname="Сәрсенбаев", given_name="Әлібек")
    person.name_variants.create(
        surname=person.surname,
        given_name=person.given_name,
        patronymic=person.patronymic,
        script="kk-Cyrl",
    )
    send(Client(), surname=person.surname, given_name=person.given_name)
    submission = Submission.objects.get()
    submission.patronymic = person.patronymic
    submission.save()

    response = moderator_client.post(
        f"{QUEUE}{submission.pk}/decide/",
        {"action": "merge", "person": str(person.uuid), "facts": ["name"]},
    )

    assert response.status_code == 302
    assert Submission.objects.get().status == Status.ACCEPTED
    assert person.name_variants.filter(surname=person.surname).count() == 2


def test_an_unknown_decision_says_so(moderator_client):
    send(Client())
    submission = Submission.objects.get()

    response = moderator_client.post(
        f"{QUEUE}{submission.pk}/decide/", {"action": "publish-everything"}, follow=True
    )

    assert "publish-everything is not one of the available choices" in response.text
    assert Submission.objects.get().status == Status.RECEIVED
