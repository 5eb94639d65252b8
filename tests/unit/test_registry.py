"""The credentials shim/registry.py sends when it moves a tag: docker's config.json rules (no network here)."""

from __future__ import annotations

import base64

import pytest

from shim import registry


def _auth(user: str, secret: str) -> str:
    return base64.b64encode(f"{user}:{secret}".encode()).decode()


@pytest.mark.parametrize(("config", "domain", "expected"), [
    ({"auths": {"127.0.0.1:5001": {"auth": _auth("u", "p:w")}}}, "127.0.0.1:5001", ("u", "p:w")),
    ({"auths": {"https://reg.example:443": {"auth": _auth("a", "b")}}}, "reg.example:443", ("a", "b")),
    ({"auths": {"https://index.docker.io/v1/": {"auth": _auth("hub", "t")}}}, "docker.io", ("hub", "t")),
    ({"auths": {"other.example": {"auth": _auth("x", "y")}}}, "reg.example", None),
    ({"auths": {"reg.example": {"username": "n", "password": "s"}}}, "reg.example", ("n", "s")),
    # a credential helper that is not installed gives nothing (docker then fails with its own message)
    ({"credHelpers": {"reg.example": "pydock-missing"}, "auths": {"reg.example": {"auth": _auth("x", "y")}}},
     "reg.example", None),
    ({}, "reg.example", None),
])
def test_credentials_as_docker_reads_them(config, domain, expected):
    assert registry.credentials(domain, config) == expected


@pytest.mark.parametrize(("domain", "endpoint"), [
    ("127.0.0.1:5000", "http://127.0.0.1:5000"), ("localhost:5000", "http://localhost:5000"),
    ("docker.io", "https://registry-1.docker.io"), ("reg.example", "https://reg.example"),
])
def test_loopback_registries_speak_plain_http(domain, endpoint):
    assert registry._endpoint(domain) == endpoint


def test_usage_errors_exit_2(capsys):
    assert registry.main(["retag", "only-one"]) == 2
