"""Dates as records and feeds give them."""

from __future__ import annotations

import pytest

from rashomon.sources.common import parse_date


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2025-08-20", "2025-08-20"),
        ("2025-08-20T14:05:00Z", "2025-08-20T14:05:00+00:00"),
        ("Wed, 20 Aug 2025 14:05:00 +0300", "2025-08-20T14:05:00+03:00"),
        ("Aug. 20, 2025", "2025-08-20"),
        ("20 août 2025", "2025-08-20"),
        (1755698700, "2025-08-20T14:05:00+00:00"),
        (1755698700000, "2025-08-20T14:05:00+00:00"),
        ("1755698700", "2025-08-20T14:05:00+00:00"),
    ],
)
def test_dates_in_common_shapes_become_iso(raw: object, iso: str) -> None:
    assert parse_date(raw) == iso


@pytest.mark.parametrize("raw", [None, "", True, "soon", "x" * 200, {"a": 1}])
def test_unreadable_dates_give_none(raw: object) -> None:
    assert parse_date(raw) is None
