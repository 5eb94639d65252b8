"""The differential harness's normalisers: only what must differ between engines is replaced."""

from __future__ import annotations

import pytest

from tests.compat.normalize import normalize_run

ID64 = "3a35c3d7dca6536e991630a4d59c2bad65281c0b69ca4951b2c8a1b22a12db38"
ID64_B = "9584c1682cd556d624e450a25ec9dfdd7a17bcc79547156810f88f14acba88a2"


def out(text: str) -> str:
    return normalize_run(text, "")[0]


@pytest.mark.parametrize(("text", "expected"), [
    # container IDs, full and short; a short ID that prefixes a full one is the same identity
    (f"{ID64}\n{ID64[:12]}\n", "<id64:1>\n<id12:1>\n"),
    (f"{ID64[:12]}\n{ID64}\n", "<id12:1>\n<id64:1>\n"),
    (f"{ID64}\n{ID64_B}\n{ID64}\n", "<id64:1>\n<id64:2>\n<id64:1>\n"),
    # image IDs and digests
    (f"Digest: sha256:{ID64_B}\n", "Digest: sha256:<id64:1>\n"),
    (f"busybox@sha256:{ID64}", "busybox@sha256:<id64:1>"),
    (f"Error response from daemon: Container {ID64} is not running",
     "Error response from daemon: Container <id64:1> is not running"),
    # hostnames are short container IDs
    ("3a35c3d7dca6\n", "<id12:1>\n"),
    # not IDs: other lengths, upper case, parts of longer words, names
    ("0e591458252fe072bf6ce cmp-abcdef123456x ABCDEF123456 deadbeef", "0e591458252fe072bf6ce cmp-abcdef123456x "
     "ABCDEF123456 deadbeef"),
    ("cmp-ps-all\n", "cmp-ps-all\n"),
    # timestamps and dates
    ("2026-11-24T23:20:41.419592570Z stamped", "<time> stamped"),
    ("2023-11-14T22:13:20Z", "<time>"),
    ("2023-11-14T22:13:20+01:00", "<time>"),
    ('"CreatedAt":"2026-11-24 23:20:37 +0000 UTC"', '"CreatedAt":"<time>"'),
    # human durations
    ("Up 5 seconds", "Up <duration>"),
    ("Up About a minute", "Up <duration>"),
    ("Exited (0) Less than a second ago", "Exited (0) <duration> ago"),
    ("2 seconds ago|1 second ago|About an hour ago|3 years ago", "<duration> ago|<duration> ago|"
     "<duration> ago|<duration> ago"),
    # sizes
    ("1.24MB", "<size>"),
    ("0B (virtual 1.99MB)", "<size> (virtual <size>)"),
    ("2.05 MB", "<size>"),
    ('"Size":"1.99MB","VirtualSize":"1.986MB"', '"Size":"<size>","VirtualSize":"<size>"'),
    ("4.096kB 12.5MiB", "<size> <size>"),
    # container addresses; loopback and 0.0.0.0 stay (published ports print them)
    ("172.17.0.2\tcmp-host", "<ip>\tcmp-host"),
    ("10.4.0.36", "<ip>"),
    ("127.0.0.1:18081->80/tcp, 0.0.0.0:80->80/tcp", "127.0.0.1:18081->80/tcp, 0.0.0.0:80->80/tcp"),
    ("127.0.0.1:5000/pydock-compat/busybox:latest", "127.0.0.1:5000/pydock-compat/busybox:latest"),
    ("link/ether 02:42:ac:11:00:02 brd ff:ff:ff:ff:ff:ff", "link/ether <mac> brd <mac>"),
    # what push prints last: the manifest digest and its size
    (f"1: digest: sha256:{ID64} size: 527", "1: digest: sha256:<id64:1> size: <n>"),
    # everything else is compared byte for byte
    ("exit 3\nhello world\n", "exit 3\nhello world\n"),
    ("Error response from daemon: No such container: cmp-x", "Error response from daemon: No such container: cmp-x"),
    ("docker version 28.2.2, build e6534b4", "docker version 28.2.2, build e6534b4"),
])
def test_normalize(text, expected):
    assert out(text) == expected


def test_ids_are_numbered_across_stdout_then_stderr():
    stdout, stderr = normalize_run(f"{ID64}\n", f"You cannot remove a running container {ID64}. Stop it\n{ID64_B}")
    assert stdout == "<id64:1>\n"
    assert stderr == "You cannot remove a running container <id64:1>. Stop it\n<id64:2>"


def test_short_id_in_stderr_refers_to_full_id_in_stdout():
    assert normalize_run(f"{ID64}\n", f"unable to delete {ID64[:12]}")[1] == "unable to delete <id12:1>"


def test_same_structure_with_different_ids_compares_equal():
    docker = normalize_run(f"{ID64}\n{ID64}\n", "")
    pydock = normalize_run(f"{ID64_B}\n{ID64_B}\n", "")
    assert docker == pydock
    mixed_up = normalize_run(f"{ID64_B}\n{ID64}\n", "")
    assert docker != mixed_up


def test_table_alignment_kept_when_only_fixed_width_values_change():
    table = "CONTAINER ID   NAMES\n3a35c3d7dca6   cmp-x\n"
    assert out(table) == "CONTAINER ID   NAMES\n<id12:1>   cmp-x\n"


def test_table_spacing_collapses_when_varying_width_values_were_replaced():
    docker = ("CONTAINER ID   CREATED                  STATUS\n"
              "b299196a760f   Less than a second ago   Exited (2) Less than a second ago   \n")
    pydock = ("CONTAINER ID   CREATED         STATUS\n"
              "0a1b2c3d4e5f   2 seconds ago   Exited (2) 2 seconds ago   \n")
    assert out(docker) == out(pydock) == ("CONTAINER ID  CREATED  STATUS\n"
                                          "<id12:1>  <duration> ago  Exited (2) <duration> ago\n")


def test_workdir_of_each_side_is_replaced():
    stdout, stderr = normalize_run("/tmp/x/docker/work/data\n", "open /tmp/x/docker/work/f: denied",
                                   "/tmp/x/docker/work")
    assert (stdout, stderr) == ("<workdir>/data\n", "open <workdir>/f: denied")
