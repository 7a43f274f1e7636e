"""The signed QR payload of a licence: round trip, every forgery refused, the QR it makes."""

from __future__ import annotations

import time
from datetime import date

import pytest
import qrcode
import qrcode.util

from counter_app.domain.licence_signing import (
    PAYLOAD_REASONS,
    PayloadError,
    key_id_of,
    new_signing_key,
    parse_payload,
    sign_licence,
    verify_payload,
)
from counter_app.domain.licences import LicenceIdentifierError, licence_identifier

TYPE_CODE = "11100000000013127D001"
ISSUER = "91350100M000100Y43"
HOLDER = "91120116MA05X7K3QA"
FROM, TO = date(2026, 12, 1), date(2029, 11, 30)
IDENTIFIER = licence_identifier(TYPE_CODE, ISSUER, 1234)


@pytest.fixture(scope="module")
def key() -> tuple[bytes, bytes, str]:
    return new_signing_key()


@pytest.fixture(scope="module")
def payload(key: tuple[bytes, bytes, str]) -> str:
    private, _, key_id = key
    return sign_licence(private, key_id, IDENTIFIER, HOLDER, FROM, TO)


def _keys(key: tuple[bytes, bytes, str]) -> dict[str, bytes]:
    return {key[2]: key[1]}


def test_new_key_and_its_id(key: tuple[bytes, bytes, str]) -> None:
    private, public, key_id = key
    assert private.startswith(b"-----BEGIN PRIVATE KEY-----")
    assert public.startswith(b"-----BEGIN PUBLIC KEY-----")
    assert len(key_id) == 8 and set(key_id) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    assert key_id_of(public) == key_id
    assert new_signing_key()[2] != key_id


def test_round_trip(key: tuple[bytes, bytes, str], payload: str) -> None:
    identifier_part, key_id, signature = payload.split(":")
    assert "1.2.156.3005.2." + identifier_part == IDENTIFIER
    assert key_id == key[2]
    assert len(signature) == 103
    signed = parse_payload(payload)
    assert (signed.identifier, signed.key_id, len(signed.signature)) == (IDENTIFIER, key[2], 64)
    assert verify_payload(payload, _keys(key), HOLDER, FROM, TO)


def test_payload_length(payload: str) -> None:
    assert len(payload) == 167  # 54 (identifier without its root) + 1 + 8 + 1 + 103
    region = licence_identifier(TYPE_CODE, "120116", 7)
    private_pem, _, key_id = new_signing_key()
    assert len(sign_licence(private_pem, key_id, region, HOLDER, FROM, TO)) == 155


def test_the_payload_is_an_alphanumeric_qr_of_version_7_at_m(payload: str) -> None:
    assert qrcode.util.optimal_mode(payload.encode("ascii")) == qrcode.util.MODE_ALPHA_NUM
    assert set(payload) <= set(qrcode.util.ALPHA_NUM.decode("ascii"))
    for level, version in ((qrcode.constants.ERROR_CORRECT_M, 7), (qrcode.constants.ERROR_CORRECT_L, 6)):
        code = qrcode.QRCode(error_correction=level, border=4)
        code.add_data(payload)
        code.make(fit=True)
        assert code.version <= version
        assert code.data_list[0].mode == qrcode.util.MODE_ALPHA_NUM
    # with the root kept the symbol would be a version larger at M
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data("1.2.156.3005.2." + payload)
    code.make(fit=True)
    assert code.version == 8


def test_scanned_input_is_normalised(key: tuple[bytes, bytes, str], payload: str) -> None:
    # a keyboard-wedge scanner may type lower case (caps lock) and end with a line feed
    assert verify_payload(f"  {payload.lower()}\r\n", _keys(key), HOLDER, FROM, TO)
    assert verify_payload(payload, _keys(key), HOLDER.lower(), FROM, TO)
    full_width = "".join(chr(ord(char) + 0xFEE0) for char in payload)
    assert verify_payload(full_width, _keys(key), HOLDER, FROM, TO)
    # the root may be scanned too (a payload written by hand with the full identifier)
    assert verify_payload("1.2.156.3005.2." + payload, _keys(key), HOLDER, FROM, TO)


def test_tampered_data_is_refused(key: tuple[bytes, bytes, str], payload: str) -> None:
    keys = _keys(key)
    assert not verify_payload(payload, keys, "91350100M000100Y43", FROM, TO)  # another holder
    assert not verify_payload(payload, keys, HOLDER, date(2026, 12, 2), TO)  # valid-from moved
    assert not verify_payload(payload, keys, HOLDER, FROM, date(2030, 11, 30))  # valid-to moved
    # another licence's identifier (a valid one: serial 1235) over this signature
    other = licence_identifier(TYPE_CODE, ISSUER, 1235)[len("1.2.156.3005.2.") :]
    assert not verify_payload(other + payload[payload.index(":") :], keys, HOLDER, FROM, TO)


def test_a_tampered_signature_is_refused(key: tuple[bytes, bytes, str], payload: str) -> None:
    head, signature = payload.rsplit(":", 1)
    for position in (0, 50, 101):
        char = "B" if signature[position] != "B" else "C"
        assert not verify_payload(f"{head}:{signature[:position]}{char}{signature[position + 1 :]}", _keys(key), HOLDER, FROM, TO)
    # the last character carries 3 unused bits: changing only those is refused as garbage
    last = signature[-1]
    sibling = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"["ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".index(last) ^ 1]
    with pytest.raises(PayloadError) as caught:
        parse_payload(f"{head}:{signature[:-1]}{sibling}")
    assert caught.value.reason == "signature"


def test_forged_with_another_key_or_an_unknown_key_is_refused(key: tuple[bytes, bytes, str], payload: str) -> None:
    other_private, other_public, other_id = new_signing_key()
    forged = sign_licence(other_private, other_id, IDENTIFIER, HOLDER, FROM, TO)
    assert not verify_payload(forged, _keys(key), HOLDER, FROM, TO)  # unknown key id
    # the forger names the genuine key id: the signature does not verify
    relabelled = forged.replace(f":{other_id}:", f":{key[2]}:")
    assert not verify_payload(relabelled, _keys(key), HOLDER, FROM, TO)
    # a public key filed under the wrong id is not trusted under it
    assert not verify_payload(relabelled, {key[2]: other_public}, HOLDER, FROM, TO)
    assert not verify_payload(payload, {}, HOLDER, FROM, TO)
    assert verify_payload(forged, {other_id: other_public, key[2]: key[1]}, HOLDER, FROM, TO)


def _reason(text: str) -> str:
    with pytest.raises(PayloadError) as caught:
        parse_payload(text)
    assert caught.value.reason in PAYLOAD_REASONS
    assert caught.value.english()
    return caught.value.reason


def test_garbage_gets_a_clear_message(key: tuple[bytes, bytes, str], payload: str) -> None:
    identifier_part, key_id, signature = payload.split(":")
    assert _reason("") == "empty"
    assert _reason(" \n") == "empty"
    assert _reason("KG-20261202-0007") == "shape"  # a case number's QR code
    assert _reason("https://example.org/licence?id=1") == "shape"
    assert _reason(payload + ":X") == "shape"
    assert _reason(payload * 2) == "shape"
    assert _reason(payload[: len(payload) - 10]) == "signature"  # truncated
    assert _reason(payload[:60]) == "shape"  # cut inside the key id
    assert _reason(f"{identifier_part[:-1]}G:{key_id}:{signature}") == "identifier"  # wrong check character
    assert _reason(f"{identifier_part}:{key_id[:7]}:{signature}") == "key_id"
    assert _reason(f"{identifier_part}:{key_id[:7]}1:{signature}") == "key_id"  # 1 is no base32 character
    assert _reason(f"{identifier_part}:{key_id}:{signature[:-1]}1") == "signature"
    with pytest.raises(PayloadError):
        verify_payload(payload[:100], _keys(key), HOLDER, FROM, TO)


def test_signing_checks_its_input(key: tuple[bytes, bytes, str]) -> None:
    private, _, key_id = key
    with pytest.raises(LicenceIdentifierError):
        sign_licence(private, key_id, IDENTIFIER[:-1] + "G", HOLDER, FROM, TO)
    with pytest.raises(ValueError):
        sign_licence(private, "AAAAAAAA", IDENTIFIER, HOLDER, FROM, TO)  # not this key's id
    with pytest.raises(ValueError):
        sign_licence(private, key_id, IDENTIFIER, "91120116 MA05X7K3QA", FROM, TO)
    # the identifier is signed in its normalised form
    assert verify_payload(sign_licence(private, key_id, IDENTIFIER.lower(), HOLDER, FROM, TO), _keys(key), HOLDER, FROM, TO)


def test_a_verification_takes_well_under_5_ms(key: tuple[bytes, bytes, str], payload: str) -> None:
    keys = _keys(key)
    rounds = 200
    start = time.perf_counter()
    for _ in range(rounds):
        assert verify_payload(payload, keys, HOLDER, FROM, TO)
    per_verification = (time.perf_counter() - start) / rounds
    print(f"verify_payload: {per_verification * 1000:.3f} ms")
    assert per_verification < 0.005
