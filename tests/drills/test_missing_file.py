"""An attachment whose file is gone from the media folder: the moderator is told
which file and how to get it back, not a 500."""

from django.test import Client

from submissions.actions import processing
from submissions.models import Attachment
from submissions.models import Submission
from tests.submissions.test_submissions import QUEUE
from tests.submissions.test_submissions import jpeg_with_gps
from tests.submissions.test_submissions import send


def test_a_missing_attachment_file_is_reported_to_the_moderator(
    moderator_client, settings, tmp_path, fresh_rate_limits
):
    settings.MEDIA_ROOT = tmp_path
    send(Client(), files=[("photo.jpg", jpeg_with_gps())])
    submission = Submission.objects.get()
    processing.process_submission(submission.pk)
    attachment = Attachment.objects.get()
    (tmp_path / attachment.scrubbed.name).unlink()

    response = moderator_client.get(f"{QUEUE}attachment/{attachment.pk}/", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith(f"/{submission.pk}/change/")
    assert "missing from the media folder" in response.text
    assert attachment.scrubbed_sha256 in response.text
