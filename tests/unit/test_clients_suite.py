"""`make clients` (tests/clients): which source it accepts, how it reads pytest's results, the table it writes."""

from __future__ import annotations

import tarfile
from io import BytesIO

import pytest

from tests.clients import pow_suite, selection, standin_images


def _source(tmp_path, version: str, with_tests: bool = True):
    (tmp_path / "pyproject.toml").write_text(f'[project]\nname = "python-on-whales"\nversion = "{version}"\n')
    if with_tests:
        for rel in selection.FILES:
            (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / rel).write_text("")
    return str(tmp_path)


@pytest.mark.parametrize(("version", "with_tests", "problem"), [
    ("0.81.0", True, ""),
    ("0.80.0", True, "is python-on-whales 0.80.0, not 0.81.0"),
    ("0.81.0", False, "lacks tests/python_on_whales/components/test_container.py"),
])
def test_source_must_be_the_tag_with_its_tests(tmp_path, version, with_tests, problem):
    found = pow_suite.source_problem(_source(tmp_path, version, with_tests))
    assert (problem in found) if problem else found == ""


def test_no_source_skips_loudly_with_exit_0(capsys):
    assert pow_suite.main(["--source", ""]) == 0
    err = capsys.readouterr().err
    assert "make clients SKIPPED" in err and "git clone --branch v0.81.0" in err


def test_outcomes_from_junit(tmp_path):
    junit = tmp_path / "r.xml"
    junit.write_text(
        '<testsuites><testsuite>'
        '<testcase classname="tests.python_on_whales.components.test_container" name="test_a[docker]"/>'
        '<testcase classname="tests.python_on_whales.components.test_image" name="test_b"><failure message="x"/>'
        '</testcase>'
        '<testcase classname="tests.python_on_whales.components.test_image" name="test_c"><error message="y"/>'
        '</testcase></testsuite></testsuites>')
    assert pow_suite.outcomes(junit) == {"test_container.py::test_a[docker]": "passed",
                                         "test_image.py::test_b": "failed", "test_image.py::test_c": "error"}


def test_table_explains_what_fails_only_on_pydock():
    rows = pow_suite.table({"test_container.py::test_diff[docker]": "passed", "f.py::t": "failed"},
                           {"20.10": {"test_container.py::test_diff[docker]": "passed"}},
                           {"test_container.py::test_diff[docker]": "failed", "f.py::t": "failed"})
    assert rows[1] == {"test": "test_container.py::test_diff[docker]", "reference": "passed",
                       "others": {"20.10": "passed"}, "pydock": "failed",
                       "why": selection.CAUSES["test_diff[docker]"]}
    assert rows[0]["others"] == {"20.10": "not run"} and "why" not in rows[0]


def test_every_deselected_test_has_a_reason():
    assert all(reason.strip() for reason in selection.DESELECTED.values())
    assert all(test.split("::")[0] in ("test_container.py", "test_image.py") for test in selection.DESELECTED)


def test_standin_archives_carry_both_layouts_and_every_tag():
    for standin in standin_images.STANDINS.values():
        with tarfile.open(fileobj=BytesIO(standin_images.archive(standin))) as tar:
            names = set(tar.getnames())
            index = tar.extractfile("index.json").read().decode()
        assert {"manifest.json", "index.json", "oci-layout"} <= names
        assert all(f"docker.io/library/{tag}" in index for tag in standin.tags)
