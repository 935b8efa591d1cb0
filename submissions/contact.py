"""What could identify a submitter, encrypted at rest (Fernet, from `cryptography`):
their contact, and the originals of their files (whose metadata can hold where and
with what phone a photo was taken, or who wrote a PDF).

The keys are SUBMISSION_CONTACT_KEYS, newest first: the first encrypts, every one
decrypts. To rotate: put a new key first, keep the old ones after it, run `manage.py
rotate_contact_keys` (which re-encrypts every stored contact and original with the
new key), then drop the old keys. A contact no key can read is shown as empty, which
is the safe way for a lost key to fail.
"""

from cryptography.fernet import InvalidToken
from cryptography.fernet import MultiFernet
from django.conf import settings

from archive.encryption import fernet


def _fernet() -> MultiFernet:
    return fernet(settings.SUBMISSION_CONTACT_KEYS)


def encrypt(contact: str) -> bytes | None:
    return _fernet().encrypt(contact.encode()) if contact else None


def decrypt(token: bytes | memoryview | None) -> str:
    """The contact, or "" when there is none or no key can read it."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(bytes(token)).decode()
    except InvalidToken:
        return ""


def rotate(token: bytes | memoryview) -> bytes:
    """The same contact, or sealed original, encrypted with the newest key
    (InvalidToken if no key can read it)."""
    return _fernet().rotate(bytes(token))


def seal(content: bytes) -> bytes:
    """A file's original as it is written to disk: never in plain."""
    return _fernet().encrypt(content)


def unseal(sealed: bytes) -> bytes:
    """The original's bytes (InvalidToken if no key can read them)."""
    return _fernet().decrypt(sealed)
