"""The one masking module (ui.masking): personal data shown masked keeps only its ends."""

import pytest

from ui.masking import mask_id, mask_phone


@pytest.mark.parametrize(
    ("value", "masked"),
    [("13812345678", "138****5678"), ("0731-22881234", "073******1234"), ("12345", "***45"), ("", ""), (None, "")],
)
def test_phone_numbers_keep_only_their_ends(value, masked):
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [("14302202011012345", "1430*********2345"), ("12345678", "******78"), ("7", "*"), (None, "")],
)
def test_licence_and_id_numbers_keep_only_their_ends(value, masked):
    assert mask_id(value) == masked
