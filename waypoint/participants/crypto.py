"""Keys for participant data: the network HMAC key and Fernet encryption of contact data."""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


def network_key_for(normalized_code: str) -> str:
    """HMAC-SHA256 of the normalized code, hex: the same person gets the same key in
    every program of a deployment, and the code cannot be read back from it."""
    secret = settings.NETWORK_KEY_SECRET.encode()
    return hmac.new(secret, normalized_code.encode(), hashlib.sha256).hexdigest()


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...], fallback_secret: str) -> MultiFernet:
    if not keys:
        # No key configured (development, tests): derive one so data is still encrypted.
        derived = base64.urlsafe_b64encode(
            hashlib.sha256(b"waypoint-field:" + fallback_secret.encode()).digest()
        )
        return MultiFernet([Fernet(derived)])
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    """First key encrypts; every key decrypts, so keys can be rotated."""
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS), settings.SECRET_KEY)


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode()).decode() if text else ""


def decrypt(token: str) -> str:
    """The plain text, or "" when the token is empty or no configured key opens it."""
    if not token:
        return ""
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""
