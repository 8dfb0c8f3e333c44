"""TOTP second factor (django-otp): device setup, verification, the QR code."""

from __future__ import annotations

import time
from base64 import b32decode, b32encode

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.trail import record_event

from .models import User


def totp_pending_device(*, user: User) -> TOTPDevice:
    """The unconfirmed device a user is setting up (one per user; a fresh secret the first time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="totp", confirmed=False)
    return device


def totp_secret(device: TOTPDevice) -> str:
    """The secret as authenticator apps expect it (base32), in groups of four for typing."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(text: str) -> str:
    """An inline SVG QR code (no image request, no inline style: fits the Content-Security-Policy)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


def totp_confirm(*, request, device: TOTPDevice, token: str) -> bool:
    """Confirm a device being set up with its first token; the session is then verified."""
    with transaction.atomic():
        if not device.verify_token(token):
            record_event(actor=request.user, event="two_factor_failed", stage="setup")
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # One confirmed device per account: older ones (a lost phone) stop working.
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        record_event(actor=request.user, event="two_factor_enabled")
    _verified(request, device)
    return True


def totp_verify(*, request, token: str) -> tuple[bool, str | None]:
    """Check a token against the user's confirmed device. Returns (ok, reason when throttled)."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return False, None
    allowed, info = device.verify_is_allowed()
    if not allowed:
        record_event(actor=request.user, event="two_factor_failed", stage="throttled")
        return False, "throttled"
    if not device.verify_token(token):
        record_event(actor=request.user, event="two_factor_failed", stage="verify")
        return False, None
    _verified(request, device)
    return True, None


def _verified(request, device: TOTPDevice) -> None:
    # The session gains privileges here, so it gets a new key (as at password login).
    request.session.cycle_key()
    otp_login(request, device)


def totp_device_for_secret(*, user: User, secret_base32: str) -> TOTPDevice:
    """A confirmed device with a known secret: only for the demo account (accounts.demo)."""
    key = b32decode(secret_base32.replace(" ", "").upper()).hex()
    TOTPDevice.objects.filter(user=user).exclude(key=key).delete()
    device, _created = TOTPDevice.objects.update_or_create(
        user=user, key=key, defaults={"name": "demo", "confirmed": True}
    )
    return device


def current_code(secret_base32: str, *, at: float | None = None) -> str:
    """The TOTP code of a base32 secret now (or at Unix time `at`): for the demo and for tests."""
    key = b32decode(secret_base32.replace(" ", "").upper())
    totp = TOTP(key, step=30, t0=0, digits=6)
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"
