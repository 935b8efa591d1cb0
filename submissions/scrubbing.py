"""Metadata out of submitted files, so that a photo does not give away where and with
what phone it was taken, nor a PDF who wrote it.

Images are rebuilt from their pixels: a plain Pillow re-save keeps the JPEG comment,
and passing `img.info` or `exif=` puts GPS back. PDFs are rewritten by pypdf without
their document information and XMP metadata.
"""

import hashlib
import io

from PIL import Image
from PIL import ImageOps
from pypdf import PdfReader
from pypdf import PdfWriter
from pypdf.generic import NameObject

from sources.files import MAX_PIXELS


class CannotScrub(Exception):
    """The file could not be read; it stays unscrubbed and is never shown."""


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def scrub_image(data: bytes) -> bytes:
    """The picture alone: upright (EXIF orientation applied), then only its pixels
    copied into a new image, saved as PNG if it was a PNG or has transparency,
    else as JPEG."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:  # before decoding a pixel
                raise CannotScrub(f"{image.width}x{image.height}: too many pixels")
            source_format = image.format
            upright = ImageOps.exif_transpose(image)
            transparent = upright.mode in ("RGBA", "LA", "PA") or (
                upright.mode == "P" and "transparency" in upright.info
            )
            mode = "RGBA" if transparent else ("L" if upright.mode == "L" else "RGB")
            pixels = upright.convert(mode)
            clean = Image.frombytes(mode, pixels.size, pixels.tobytes())
    except CannotScrub:
        raise
    except Exception as error:  # Pillow raises many kinds on damaged EXIF or data
        raise CannotScrub(str(error) or type(error).__name__) from error
    out = io.BytesIO()
    if transparent or source_format == "PNG":
        clean.save(out, "PNG")
    else:
        clean.save(out, "JPEG", quality=90)
    return out.getvalue()


def scrub_pdf(data: bytes) -> bytes:
    """The same pages without the document information or XMP metadata."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise CannotScrub("encrypted PDF")
        writer = PdfWriter(clone_from=reader)
        writer.metadata = None
        writer.root_object.pop(NameObject("/Metadata"), None)
        out = io.BytesIO()
        writer.write(out)
    except CannotScrub:
        raise
    except Exception as error:  # pypdf raises many kinds on a damaged file
        raise CannotScrub(str(error)) from error
    return out.getvalue()


SCRUBBERS = {"image": scrub_image, "pdf": scrub_pdf}
