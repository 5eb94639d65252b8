"""`docker cp` over the ssh transport, translated (shim/backends/nerdctl/cp_remote.py): what the tar sent to the
remote holds with -a (the owners by number only) and -L (the source link's target under the link's name), and the
remote command for each direction (nerdctl's cp, or compose's). The copies themselves run in
tests/integration/test_ssh_cp.py and test_ssh_more.py."""

from __future__ import annotations

import os
import tarfile

import pytest

from shim.backends.nerdctl import cp_remote
from shim.plan import Done


class _Ctx:
    binary = "nerdctl"
    namespace_given = False
    address = ""
    debug = False

    def __init__(self, scratch: str) -> None:
        self.scratch = scratch


def _restate(result):
    return Done(result.code)


def _sent(plan) -> dict[str, tarfile.TarInfo]:
    with tarfile.open(plan.stdin_file) as tar:
        return {m.name: m for m in tar.getmembers()}


@pytest.mark.parametrize("archive", [False, True])
def test_archive_mode_sends_the_owners_by_number(tmp_path, archive):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "f").write_text("x")
    plan = cp_remote.translate(("", str(tmp_path / "d")), ("box", "/tmp"), _Ctx(str(tmp_path / "s")), _restate,
                               archive=archive)
    members = _sent(plan)
    assert set(members) == {"d", "d/f"}
    assert members["d/f"].uid == os.getuid()
    if archive:  # no user names: the remote's tar (and nerdctl's, into the container) keeps the numbers
        assert {(m.uname, m.gname) for m in members.values()} == {("", "")}
    else:  # as tarfile records them here
        with tarfile.open(os.devnull, "w") as tar:
            assert members["d/f"].uname == tar.gettarinfo(tmp_path / "d" / "f").uname
    assert plan.argv[4:] == ["d", "box:/tmp", "nerdctl", "cp"]  # the staged name, the target, nerdctl's cp


def test_follow_link_sends_the_target_under_the_links_name(tmp_path):
    (tmp_path / "target").mkdir()
    (tmp_path / "target" / "f").write_text("x")
    (tmp_path / "target" / "inner").symlink_to("f")
    (tmp_path / "link").symlink_to("target")
    ctx = _Ctx(str(tmp_path / "s"))
    followed = _sent(cp_remote.translate(("", str(tmp_path / "link")), ("box", "/tmp"), ctx, _restate, follow=True))
    assert followed["link"].isdir() and followed["link/f"].isfile()
    assert followed["link/inner"].issym()  # only the source itself is followed, as docker's client follows it
    os.unlink(f"{ctx.scratch}.cp.tar")
    plain = _sent(cp_remote.translate(("", str(tmp_path / "link")), ("box", "/tmp"), ctx, _restate))
    assert set(plain) == {"link"} and plain["link"].issym()


def test_from_the_container_follow_link_is_nerdctls_and_compose_names_its_own_command(tmp_path):
    ctx = _Ctx(str(tmp_path / "s"))
    plan = cp_remote.translate(("box", "/data/link"), ("", "."), ctx, _restate, follow=True)
    assert plan.argv[4:] == ["box:/data/link", "nerdctl", "cp", "--follow-link"]
    compose = ["nerdctl", "compose", "--file=/var/tmp/x/0-compose.yaml", "cp", "--index=1"]
    plan = cp_remote.translate(("web", "/etc/hostname"), ("", "."), ctx, _restate, command=compose)
    assert plan.argv[4:] == ["web:/etc/hostname", *compose]
