"""Go-compatible value checks and docker's reference normalisation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shim import reference, values


@pytest.mark.parametrize(("raw", "ok"), [("1h30m", True), ("2.5s", True), ("-3ms", True), ("0", True),
                                         ("1", False), ("x", False), ("1x", False), ("", False), ("1.2.3s", False)])
def test_duration(raw, ok):
    assert (values.duration_problem(raw) == "") is ok


@pytest.mark.parametrize(("raw", "ok"), [("512m", True), ("1.5g", True), ("1024", True), ("2GiB", True),
                                         ("10 MB", True), ("abc", False), ("-1", False), ("1.", True), ("1.k", True), ("12q", False), (".5", True), ("m", False)])
def test_bytes(raw, ok):
    assert (values.bytes_problem(raw) == "") is ok


@pytest.mark.parametrize(("raw", "value"), [("10", 10), ("0x10", 16), ("010", 8), ("-5", -5), ("0b11", 3),
                                            ("+7", 7), ("x", None), ("", None), ("1e3", None)])
def test_go_int(raw, value):
    assert values.go_int(raw) == value


@given(st.integers(min_value=-(2**63), max_value=2**63 - 1))
def test_go_int_round_trip(n):
    assert values.go_int(str(n)) == n
    assert values.value_problem("int", str(n), "x") == ""


@pytest.mark.parametrize(
    ("ref", "full", "short"),
    [
        ("busybox", "docker.io/library/busybox:latest", "busybox:latest"),
        ("busybox:1.36", "docker.io/library/busybox:1.36", "busybox:1.36"),
        ("me/app", "docker.io/me/app:latest", "me/app:latest"),
        ("docker.io/library/busybox:latest", "docker.io/library/busybox:latest", "busybox:latest"),
        ("127.0.0.1:5000/busybox", "127.0.0.1:5000/busybox:latest", "127.0.0.1:5000/busybox:latest"),
        ("localhost/app:2", "localhost/app:2", "localhost/app:2"),
        ("busybox@sha256:" + "a" * 64, "docker.io/library/busybox@sha256:" + "a" * 64, "busybox@sha256:" + "a" * 64),
        ("[::1]:5000/x:y", "[::1]:5000/x:y", "[::1]:5000/x:y"),
    ],
)
def test_reference(ref, full, short):
    assert reference.normalize(ref) == full
    assert reference.familiar(ref) == short


@pytest.mark.parametrize(("ref", "problem"), [
    ("busybox", ""), ("busybox:1.36", ""), ("127.0.0.1:5000/a/b-c_d.e:v1", ""), ("a__b/c", ""),
    ("busybox@sha256:" + "a" * 64, ""),
    ("Cmp-Tag-Upper:1", "invalid reference format: repository name (library/Cmp-Tag-Upper) must be lowercase"),
    ("127.0.0.1:5000/pydock-compat/UPPER", "invalid reference format: repository name (pydock-compat/UPPER) must be "
                                           "lowercase"),
    ("bad name", "invalid reference format"), ("a:", "invalid reference format"), ("-a", "invalid reference format"),
    ("a:.tag", "invalid reference format"),
])
def test_reference_problems(ref, problem):
    assert reference.problem(ref) == problem
