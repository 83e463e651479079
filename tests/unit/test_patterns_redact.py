"""Secrets never leave the node in evidence or analyze output."""

from __future__ import annotations

import pytest

from controller.patterns import LineRedactor, redact
from controller.patterns.lines import offsets_to_lines
from controller.patterns.redact import lines_that_may_hold_secrets

GH_TOKEN = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"


@pytest.mark.parametrize(
    ("text", "secret", "kept"),
    [
        ("could not connect to postgres://app:s3cr3t@db:5432/app", "s3cr3t", "postgres://app:***@db:5432/app"),
        ("redis://:hunter2@cache:6379/0 refused", "hunter2", "redis://:***@cache"),
        ("curl -H 'Authorization: Bearer abcdef123456789'", "abcdef123456789", "Authorization: Bearer ***"),
        ("Authorization: Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA==", "Authorization: Basic ***"),
        ("GET /api?token=abc123secret&page=2", "abc123secret", "token=***&page=2"),
        ("db password=Pa55word! host=db", "Pa55word!", "password=***"),
        ('{"api_key": "k-123456", "user": "bob"}', "k-123456", '"user": "bob"'),
        ("PGPASSWORD=letmein psql -h db", "letmein", "PGPASSWORD=***"),
        ("aws key AKIAIOSFODNN7EXAMPLE used", "AKIAIOSFODNN7EXAMPLE", "aws key *** used"),
        (
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "wJalrXUtnFEMI",
            "aws_secret_access_key = ***",
        ),
        (f"push failed with {GH_TOKEN}", GH_TOKEN, "push failed with ***"),
        ("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "github_pat_11ABC", "***"),
        (f"session {JWT} expired", JWT, "session *** expired"),
    ("mysqldump --password hunter2 --all-databases", "hunter2", "--password *** --all-databases"),
    ("Cookie: sessionid=abc123; csrftoken=xyz", "abc123", "Cookie: ***"),
    ('{"set-cookie": "sid=s3cr3t; Path=/"}', "s3cr3t", '"set-cookie": "***"'),
        # unencoded '@' / '/' in a URL password: mask up to the last '@' before the host
        ("dial postgres://app:p@ss@db/x failed", "ss", "postgres://app:***@db/x failed"),
        ("amqp://guest:gu/est@rabbit:5672/ closed", "gu/est", "amqp://guest:***@rabbit:5672/ closed"),
        ("redis://:a@b/c@cache:6379/0", "a@b/c", "redis://:***@cache:6379/0"),
        ("http://u:p4ss@h/path?email=x@y.com", "p4ss", "@h/path?email=x@y.com"),
        ("git clone https://oauth2:" + "T0k" * 200 + "@gitlab/x.git", "T0k", "https://oauth2:***@gitlab/x.git"),
        # curl credentials on the command line
        ("curl -u admin:hunter2 https://api.example.com/v1", "hunter2", "curl -u admin:*** https://api.example.com/v1"),
        ("curl --user admin:hunter2 https://x/", "hunter2", "--user admin:*** https://x/"),
        ("curl -sS --user=admin:hunter2 -H 'Accept: x' https://x/", "hunter2", "--user=admin:*** -H"),
        ("curl -uadmin:hunter2 https://x/", "hunter2", "-uadmin:*** https://x/"),
        ("curl -su admin:hunter2 https://x/", "hunter2", "-su admin:*** https://x/"),
        ("curl -u 'admin:hunter 2' https://x/", "hunter", "-u 'admin:***' https://x/"),
        ('curl -u "admin:hunter 2" https://x/', "hunter", '-u "admin:***" https://x/'),
        ("curl -U proxy:pr0xy https://x/", "pr0xy", "-U proxy:***"),
        ("wget --proxy-user=me:s3cret https://x/", "s3cret", "--proxy-user=me:***"),
    ],
)
def test_redact_hides_secrets(text: str, secret: str, kept: str) -> None:
    out = redact(text)
    assert secret not in out
    assert kept in out


def test_private_key_block_is_hidden_and_line_count_kept() -> None:
    text = "before\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabcdef\n-----END RSA PRIVATE KEY-----\nafter"
    out = redact(text)
    assert "MIIEowIBAAKCAQEA" not in out and "abcdef" not in out
    assert out.count("\n") == text.count("\n")
    assert out.startswith("before\n-----BEGIN RSA PRIVATE KEY-----") and out.endswith(
        "-----END RSA PRIVATE KEY-----\nafter"
    )


def test_line_redactor_hides_key_bodies_across_lines() -> None:
    r = LineRedactor()
    lines = [
        "key: -----BEGIN OPENSSH PRIVATE KEY-----",
        "b3BlbnNzaC1rZXktdjEAAAAA",
        "QUJDREVG",
        "-----END OPENSSH PRIVATE KEY-----",
        "password=x1",
    ]
    out = [r(line) for line in lines]
    assert out[1] == out[2] == "***"
    assert "END OPENSSH PRIVATE KEY" in out[3] and out[4] == "password=***"
    assert not r.active


@pytest.mark.parametrize(
    "text",
    [
        "connection_timeout=30 retries=3",
        "GET /healthz 200 2ms",
        "Listening on postgres://db:5432/app",
        'password authentication failed for user "app"',
        "GET https://registry.npmjs.org:443/@types/node 200",
        "redirect to http://h:8080/@admin?next=a@b",
        "docker run --user 1000:1000 app",
        "sort -u a:b | uniq",
        "curl -u admin https://x/",
    ],
)
def test_redact_leaves_ordinary_text_alone(text: str) -> None:
    assert redact(text) == text


def test_hyperscan_gate_finds_every_line_redact_would_change() -> None:
    lines = ["plain line", "postgres://a:b@h/db", "nothing here", f"token {GH_TOKEN}",
             "Authorization: Bearer abcdefgh1", "curl -u a:b https://x/", "wget --user=a:b x"]
    flagged = lines_that_may_hold_secrets(("\n".join(lines) + "\n").encode())
    assert flagged == {1, 3, 4, 5, 6}
    assert all(i in flagged for i, line in enumerate(lines) if redact(line) != line)


def test_offsets_to_lines() -> None:
    data = b"ab\ncd\n\nef"
    assert list(offsets_to_lines(data, [1, 2, 3, 5, 6, 7, 9])) == [0, 0, 1, 1, 2, 3, 3]
