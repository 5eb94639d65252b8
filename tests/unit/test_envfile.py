"""docker's env files as docker CLI 28.2.2's client reads them (its kvfile rules), one rule per case."""

from __future__ import annotations

import pytest

from shim import spec
from shim.client_checks import check_run
from shim.envfile import EnvFileError, parse, read_env_files
from shim.errors import DockerError
from shim.parse import parse_command

HOST = {"SET": "from-host", "EMPTY": ""}


@pytest.mark.parametrize(("data", "entries"), [
    (b"A=1\nB=two words\n", ["A=1", "B=two words"]),
    (b"A=trailing kept   \n", ["A=trailing kept   "]),  # only leading whitespace goes
    (b"  \t A=leading\n", ["A=leading"]),
    (b"# comment\n\n   \n\t# indented comment\nA=1", ["A=1"]),  # no newline at the end either
    (b"A=x # not a comment\n", ["A=x # not a comment"]),
    (b"A=\"quoted\"\nB='single'\n", ["A=\"quoted\"", "B='single'"]),  # 28.2.2 keeps quotes
    (b"A=a=b=c\nB=\n", ["A=a=b=c", "B="]),
    (b"SET\nEMPTY\nUNSET\n", ["SET=from-host", "EMPTY="]),  # a bare name: the caller's value, or left out
    (b"A=crlf\r\nB=2\r\n", ["A=crlf", "B=2"]),  # bufio.ScanLines drops the \r before \n
    (b"A=two\r\r\n", ["A=two\r"]),  # but only one
    (b"\xef\xbb\xbfA=bom\n", ["A=bom"]),
    (b"A=1\n\xef\xbb\xbfB=2\n", ["A=1", "\ufeffB=2"]),  # a BOM opens the first line only
    (b"\xc2\xa0A=nbsp\n", ["A=nbsp"]),  # Go's unicode.IsSpace
    (b"A=\xc3\xa9\n", ["A=\u00e9"]),
    (b"x" * 65533 + b"=\n", ["x" * 65533 + "="]),  # 65536 bytes with the newline: the scanner's limit
])
def test_entries(data, entries):
    assert parse(data, HOST) == entries


@pytest.mark.parametrize(("data", "message"), [
    (b"A B=1\n", "variable 'A B' contains whitespaces"),
    (b"A =1\n", "variable 'A ' contains whitespaces"),
    (b"A\tB\n", "variable 'A\tB' contains whitespaces"),
    (b"A=1\n=2\n", "no variable name on line '=2'"),
    (b"  =x\n", "no variable name on line '=x'"),
    (b"A=1\nB=\xffx\n", "invalid utf8 bytes at line 2: [66 61 255 120]"),
    (b"x" * 65536 + b"\n", "bufio.Scanner: token too long"),
    (b"A=1\n" + b"x" * 65536, "bufio.Scanner: token too long"),
    (b"A B=1\n" + b"x" * 70000, "variable 'A B' contains whitespaces"),  # lines before the long one first
])
def test_refused(data, message):
    with pytest.raises(ValueError) as err:
        parse(data, HOST)
    assert str(err.value) == message


def test_files_in_order_and_their_errors(tmp_path):
    (tmp_path / "a.env").write_bytes(b"X=1\nY=1\n")
    (tmp_path / "b.env").write_bytes(b"Y=2\n")
    assert read_env_files([str(tmp_path / "a.env"), str(tmp_path / "b.env")], {}) == ["X=1", "Y=1", "Y=2"]
    (tmp_path / "bad.env").write_bytes(b"=1\n")
    for path, message in ((f"{tmp_path}/bad.env", f"invalid env file ({tmp_path}/bad.env): no variable name on line '=1'"),
                          (f"{tmp_path}/nope.env", f"open {tmp_path}/nope.env: no such file or directory"),
                          (str(tmp_path), f"invalid env file ({tmp_path}): read {tmp_path}: is a directory")):
        with pytest.raises(EnvFileError) as err:
            read_env_files([path], {})
        assert str(err.value) == message


def test_run_and_exec_word_the_error_as_docker(tmp_path):
    bad = tmp_path / "bad.env"
    bad.write_bytes(b"A B=1\n")
    with pytest.raises(DockerError) as err:
        check_run(parse_command(["--env-file", str(bad), "busybox"], spec.get("run"), "run"))
    assert (err.value.code, err.value.message) == (125, f"docker: invalid env file ({bad}): variable 'A B' contains "
                                                        "whitespaces\n\nRun 'docker run --help' for more information")
    from shim.backends import Context
    from shim.backends.nerdctl.containers import translate_exec

    with pytest.raises(DockerError) as err:
        translate_exec(parse_command(["--env-file", str(bad), "c", "true"], spec.get("exec"), "exec"), Context())
    assert (err.value.code, err.value.message) == (1, f"invalid env file ({bad}): variable 'A B' contains whitespaces")


def test_entries_go_before_the_e_flags_that_override_them(tmp_path):
    from shim.backends import Context
    from shim.backends.nerdctl.containers import translate_exec

    env = tmp_path / "a.env"
    env.write_bytes(b"A=file  \nB=file\n")
    parsed = parse_command(["--env-file", str(env), "-e", "B=flag", "c", "env"], spec.get("exec"), "exec")
    argv = translate_exec(parsed, Context()).argv
    assert argv[argv.index("exec") + 1:] == ["--env=A=file  ", "--env=B=file", "--env=B=flag", "c", "env"]


def test_create_passes_the_entries_not_the_file(tmp_path):
    from shim.backends import Context
    from shim.backends.nerdctl import translate
    from shim.plan import Result
    from shim.spec.others import lookup

    env = tmp_path / "a.env"
    env.write_bytes(b"A=created  \n")
    plan = translate(parse_command(["--env-file", str(env), "busybox"], lookup("create")[1], "create"), Context())
    while "create" not in plan.argv:  # past the image lookup
        plan = plan.then(Result(0, b'["busybox@sha256:aa"]'))
    assert "--env=A=created  " in plan.argv
    assert not [a for a in plan.argv if a.startswith("--env-file")]
