"""Unknown failures get stable fingerprints."""

from __future__ import annotations

from controller.patterns import signature, signature_id


def test_repeats_with_different_variables_share_an_id() -> None:
    a = (
        "2024-11-26T05:35:31.123Z worker[4242]: job 7f3a9c2e-1b2c-4d5e-8f90-123456789abc failed on 10.0.0.12:5432 "
        "reading /var/lib/app/q/000123.dat: 'x=1' code 0x1f3 container 3b2c1d0e9f8a"
    )
    b = (
        "2024-11-27T01:02:03.999Z worker[17]: job 00000000-1111-2222-3333-444444444444 failed on 192.168.1.9:6543 "
        "reading /srv/other/file.dat: 'y=22' code 0xdead container 0123456789ab"
    )
    assert signature(a) == signature(b)
    assert signature_id(a) == signature_id(b)
    assert len(signature_id(a)) == 12 and int(signature_id(a), 16) >= 0


def test_masks_are_readable() -> None:
    sig = signature("Nov 26 05:35:31 host app[812]: cannot reach 10.1.2.3:8080 via https://api.example.com/v1?x=1")
    assert sig == "<ts> host app[<n>]: cannot reach <ip> via <url>"


def test_different_failures_differ() -> None:
    assert signature_id("ERROR cache warmup failed") != signature_id("ERROR index rebuild failed")
