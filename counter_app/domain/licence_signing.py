"""The signed QR code printed on a licence: anyone with the hall's public key can check,
offline, that the licence (identifier, holder, validity) was issued as printed.

Payload (ASCII, QR alphanumeric mode), 167 characters for a usual licence::

    <identifier without 1.2.156.3005.2.>:<key id>:<signature>

- the GB/T 36904 identifier without its root (the same for every licence; put back when read);
- the key id: the first 8 characters of the base32 SHA-256 of the raw 32-byte Ed25519
  public key (40 bits: tells a hall's keys apart, it is not a secret);
- the Ed25519 signature (64 bytes) in RFC 4648 base32, upper case, without padding: 103
  characters.

Why base32: QR alphanumeric mode takes only ``0-9 A-Z`` and `` $%*+-./:`` at 5.5 bits a
character, against 8 in byte mode. Base32 (``A-Z2-7``) stays inside it, is in every
language's standard library and survives a scanner that types lower case; base64url needs
byte mode (its lower case, ``_``), which makes the symbol a version or two larger; base45
(RFC 9285) is 7 % shorter but uses the space, ``.`` and ``:`` that separate the fields here
and that a keyboard-wedge scanner or a trimmed text field mangle. ``:`` separates the parts
because ``.`` is inside the identifier.

Signed message: ``CALIC1`` and the normalised identifier, holder code, valid-from and
valid-to (ISO dates; ``-`` for a licence without end, 长期有效), separated by line feeds: a
field can hold neither.

With a credit code as issuer and a 7-digit serial the payload has 167 characters (54 + 1 +
8 + 1 + 103): a QR code of version 7 (45 × 45 modules) at error correction M (version 6 at
L), about 0.55 mm a module printed 25 mm wide, which a phone camera reads. Keeping the root
would make 182 characters and version 8 (49 × 49) at M: that is why it is left out.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from counter_app.domain.licences import LICENCE_ROOT, LicenceIdentifierError, parse_licence_identifier
from counter_app.errors import ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP

KEY_ID_LENGTH = 8
SIGNATURE_BYTES = 64
SIGNATURE_CHARS = 103  # ceil(64 × 8 / 5)
SEPARATOR = ":"
MESSAGE_TAG = "CALIC1"  # domain separation: this signature means nothing as any other message
WITHOUT_END = "-"  # the valid-to of a licence without end (长期有效) in the signed message
MAX_PAYLOAD_LENGTH = 200  # longer scanned text is refused before any parsing
_BASE32 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

PayloadReason = Literal[
    "empty",  # nothing scanned
    "shape",  # not three parts separated by ':' (or far too long)
    "identifier",  # the first part is no licence identifier
    "key_id",  # not 8 base32 characters
    "signature",  # not 103 base32 characters
]
PAYLOAD_REASONS: frozenset[str] = frozenset(get_args(PayloadReason))


class PayloadError(ValidationError):
    """A scanned text that is not a licence's signed QR code; ``reason`` says how.
    ``detail``: the identifier's own error, when that is what is wrong."""

    def __init__(self, reason: PayloadReason, template: str, detail: LicenceIdentifierError | None = None, **params: object) -> None:
        super().__init__(template, **params)
        self.reason: PayloadReason = reason
        self.detail = detail


_EMPTY = QT_TRANSLATE_NOOP("Errors", "Nothing was scanned: scan the QR code on the licence.")
_SHAPE = QT_TRANSLATE_NOOP(
    "Errors", "This is not the QR code of a licence: it should be the identifier, a key id and a signature separated by colons."
)
_IDENTIFIER = QT_TRANSLATE_NOOP("Errors", "The QR code does not hold a valid licence identifier: it may be damaged or forged.")
_KEY_ID = QT_TRANSLATE_NOOP("Errors", "The key id in the QR code should be 8 characters of A-Z and 2-7, not “{key_id}”.")
_SIGNATURE = QT_TRANSLATE_NOOP(
    "Errors", "The signature in the QR code should be 103 characters of A-Z and 2-7; it has {length}: it may be cut short."
)


@dataclass(frozen=True)
class SignedLicence:
    """A payload read back: the full identifier (root included), the key id and the signature."""

    identifier: str
    key_id: str
    signature: bytes


def _key_id(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b32encode(hashlib.sha256(raw).digest()).decode("ascii")[:KEY_ID_LENGTH]


def key_id_of(public_key_pem: bytes) -> str:
    """The key id of a public key (PEM): what a payload names it by."""
    return _key_id(_load_public(public_key_pem))


def _load_public(public_key_pem: bytes) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(public_key_pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def new_signing_key() -> tuple[bytes, bytes, str]:
    """A new Ed25519 key: (private key PEM (PKCS #8, unencrypted: protect where it is kept),
    public key PEM (SubjectPublicKeyInfo), key id)."""
    private = Ed25519PrivateKey.generate()
    private_pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    public = private.public_key()
    public_pem = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return private_pem, public_pem, _key_id(public)


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().upper()


def _message(identifier: str, holder_code: str, valid_from: date, valid_to: date | None) -> bytes:
    holder = _normalise(holder_code)
    if not holder or not (holder.isascii() and holder.isalnum()):
        raise ValueError(f"a holder code is letters and digits: {holder_code!r}")
    end = valid_to.isoformat() if valid_to is not None else WITHOUT_END
    return "\n".join((MESSAGE_TAG, identifier, holder, valid_from.isoformat(), end)).encode("ascii")


class LicenceSigner:
    """The installation's private key loaded once, to sign many licences (an import, the
    agent's batch). ``ValueError`` for a key that is not Ed25519 or a ``key_id`` not its own."""

    def __init__(self, private_key_pem: bytes, key_id: str) -> None:
        private = serialization.load_pem_private_key(private_key_pem, password=None)
        if not isinstance(private, Ed25519PrivateKey):
            raise ValueError("not an Ed25519 private key")
        if _key_id(private.public_key()) != key_id:
            raise ValueError(f"key id {key_id!r} is not that of the private key")
        self._private = private
        self.key_id = key_id

    def sign(self, identifier: str, holder_code: str, valid_from: date, valid_to: date | None) -> str:
        """The QR payload of a licence (``identifier`` checked: ``LicenceIdentifierError``)."""
        parsed = parse_licence_identifier(identifier)
        signature = self._private.sign(_message(parsed.value, holder_code, valid_from, valid_to))
        encoded = base64.b32encode(signature).decode("ascii").rstrip("=")
        return SEPARATOR.join((parsed.without_root, self.key_id, encoded))


def sign_licence(
    private_key_pem: bytes, key_id: str, identifier: str, holder_code: str, valid_from: date, valid_to: date | None
) -> str:
    """The QR payload of one licence, signed with the hall's private key (see ``LicenceSigner``)."""
    return LicenceSigner(private_key_pem, key_id).sign(identifier, holder_code, valid_from, valid_to)


def parse_payload(payload: str) -> SignedLicence:
    """A scanned payload split and checked (``PayloadError`` saying what is wrong).

    Scanners differ: lower case, full-width characters and surrounding blanks (a keyboard-
    wedge scanner ends with a line feed) are accepted; a signature is not verified here."""
    text = _normalise(payload)
    if not text:
        raise PayloadError("empty", _EMPTY)
    parts = text.split(SEPARATOR)
    if len(text) > MAX_PAYLOAD_LENGTH or len(parts) != 3:
        raise PayloadError("shape", _SHAPE)
    identifier_text, key_id, encoded = parts
    if not identifier_text.startswith(LICENCE_ROOT):
        identifier_text = LICENCE_ROOT + identifier_text
    try:
        identifier = parse_licence_identifier(identifier_text)
    except LicenceIdentifierError as error:
        raise PayloadError("identifier", _IDENTIFIER, detail=error) from error
    if len(key_id) != KEY_ID_LENGTH or not set(key_id) <= _BASE32:
        raise PayloadError("key_id", _KEY_ID, key_id=key_id[:20])
    signature = _decode_signature(encoded)
    return SignedLicence(identifier.value, key_id, signature)


def _decode_signature(encoded: str) -> bytes:
    if len(encoded) != SIGNATURE_CHARS or not set(encoded) <= _BASE32:
        raise PayloadError("signature", _SIGNATURE, length=len(encoded))
    try:
        signature = base64.b32decode(encoded + "=" * (-len(encoded) % 8))
    except binascii.Error as error:  # pragma: no cover - length and alphabet are checked above
        raise PayloadError("signature", _SIGNATURE, length=len(encoded)) from error
    # One text per signature: the last character's unused bits must be zero.
    if base64.b32encode(signature).decode("ascii").rstrip("=") != encoded:
        raise PayloadError("signature", _SIGNATURE, length=len(encoded))
    return signature


def verify_payload(
    payload: str, public_keys: Mapping[str, bytes], holder_code: str, valid_from: date, valid_to: date | None
) -> bool:
    """Whether ``payload`` was signed by one of ``public_keys`` (key id -> public key PEM) for
    this holder and validity (as the register holds them for the payload's identifier).

    A text that is no payload raises ``PayloadError`` (the clerk is told why); a payload
    that parses but is not genuine (unknown key, wrong data, wrong signature) is False."""
    signed = parse_payload(payload)
    public_pem = public_keys.get(signed.key_id)
    if public_pem is None:
        return False
    public = _load_public(public_pem)
    if _key_id(public) != signed.key_id:
        return False  # a key filed under another key's id
    try:
        message = _message(signed.identifier, holder_code, valid_from, valid_to)
    except ValueError:
        return False
    try:
        public.verify(signed.signature, message)
    except InvalidSignature:
        return False
    return True


_BUNDLE_HEADER = "# counter_app licence signing key "


def public_key_bundle(public_keys: Mapping[str, bytes]) -> str:
    """The installation's public keys as one text file (each PEM after a line naming its key
    id): what ``counter-app licences verify --keys`` and anyone else verifying offline need."""
    return "".join(f"{_BUNDLE_HEADER}{key_id}\n{pem.decode('ascii').strip()}\n" for key_id, pem in sorted(public_keys.items()))


def parse_public_key_bundle(text: str) -> dict[str, bytes]:
    """Key id -> public key PEM from a bundle (or from a bare PEM file); each key's id is
    computed from the key itself, never trusted from the header. ``ValueError`` if no key."""
    keys: dict[str, bytes] = {}
    for block in text.split("-----BEGIN PUBLIC KEY-----")[1:]:
        body, end, _rest = block.partition("-----END PUBLIC KEY-----")
        if not end:
            raise ValueError("a public key without its END line")
        pem = f"-----BEGIN PUBLIC KEY-----{body}-----END PUBLIC KEY-----\n".encode("ascii")
        keys[key_id_of(pem)] = pem
    if not keys:
        raise ValueError("no public key in the file")
    return keys
