from pathlib import Path

import pytest

TEST_PACKS = Path(__file__).resolve().parent / "packs"


@pytest.fixture
def test_packs():
    return (TEST_PACKS,)
