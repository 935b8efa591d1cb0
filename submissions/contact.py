"""The submitter's contact, encrypted at rest (Fernet, from `cryptography`).

The key is SUBMISSION_CONTACT_KEY, or derived from SECRET_KEY when that is not set:
changing either without re-encrypting makes stored contacts unreadable, which is the
safe way for this to fail.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    key = settings.SUBMISSION_CONTACT_KEY or base64.urlsafe_b64encode(
        hashlib.sha256(f"submission-contact:{settings.SECRET_KEY}".encode()).digest()
    )
    return Fernet(key)


def encrypt(contact: str) -> bytes | None:
    return _fernet().encrypt(contact.encode()) if contact else None


def decrypt(token: bytes | memoryview | None) -> str:
    """The contact, or "" when there is none or it can no longer be read."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(bytes(token)).decode()
    except InvalidToken:
        return ""
