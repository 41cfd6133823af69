"""Secret links: random tokens (192 bits) handed out once and stored only as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import secrets

__all__ = ["digest", "new_token"]


def new_token() -> str:
    """A fresh URL-safe secret of 24 random bytes (192 bits)."""
    return secrets.token_urlsafe(24)


def digest(token: str) -> str:
    """What the store keeps of a token."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
