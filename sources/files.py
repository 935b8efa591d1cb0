"""What kinds of file may be attached to a source, judged by content, not by name."""

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext_lazy as _
from PIL import Image
from PIL import UnidentifiedImageError

MAX_BYTES = 50 * 1024 * 1024
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "TIFF", "GIF"}
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}  # what the public form accepts
# The most pixels the archive opens: a 48-megapixel phone photo, not a 12000x12000
# image that takes 675 MB to decode (Pillow's own limit is four times higher).
MAX_PIXELS = 50_000_000


TOO_MANY_PIXELS = _(
    "The image has more pixels than the archive will open: send a smaller copy."
)


class TooManyPixels(ValueError):
    """An image larger than Pillow will decode (a "decompression bomb")."""


def kind_of(file: File, *, image_formats=IMAGE_FORMATS) -> str | None:
    """Returns "pdf", "image" (of `image_formats`), "text", or None for anything
    else; raises TooManyPixels for an image too large to decode safely."""
    file.seek(0)
    head = file.read(2048)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    try:
        with Image.open(file) as image:
            if image.width * image.height > MAX_PIXELS:
                raise TooManyPixels(f"{image.width}x{image.height}")
            image.verify()
            if image.format in image_formats:
                return "image"
            return None
    except Image.DecompressionBombError as error:
        raise TooManyPixels(str(error)) from error
    except TooManyPixels:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        pass
    finally:
        file.seek(0)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text" if b"\x00" not in head else None


def validate_document(file: File) -> None:
    if file.size > MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)d MB."),
            params={"limit": MAX_BYTES // 2**20},
        )
    try:
        kind = kind_of(file)
    except TooManyPixels as error:
        raise ValidationError(TOO_MANY_PIXELS) from error
    if kind is None:
        raise ValidationError(
            _("Only PDF documents, images (JPEG, PNG, WebP, TIFF, GIF) and plain text.")
        )
