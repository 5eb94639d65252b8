"""docker image prune's choice and report (shim/output/image_prune.py), on image summaries (no runtime)."""

from __future__ import annotations

import pytest

from shim.errors import DockerError
from shim.output import image_prune
from shim.output.image_prune import chosen, parse_filters, report

NOW = 1_800_000_000.0
A, B, C = ("sha256:" + c * 64 for c in "abc")


def summary(repo: str, tag: str, digest: str, created: float = NOW - 10, labels=None) -> dict:
    return {"Repository": repo, "Tag": tag, "FullId": digest, "Created": created, "Labels": labels or {},
            "Name": f"{repo}:{tag}" if repo != "<none>" else f"import@{digest}", "Size": 1000}


IMAGES = [summary("busybox", "latest", A), summary("<none>", "<none>", B, NOW - 7200, {"k": "1"}),
          summary("app", "1", C, NOW - 7200, {"k": "2"})]


@pytest.mark.parametrize(("every", "raw", "used", "names"), [
    (False, [], set(), ["import@" + B]),  # dangling only
    (True, [], set(), ["busybox:latest", "import@" + B, "app:1"]),
    (True, [], {A}, ["import@" + B, "app:1"]),  # a container's image stays
    (True, ["until=1h"], set(), ["import@" + B, "app:1"]),  # made before an hour ago
    (True, ["label=k"], set(), ["import@" + B, "app:1"]),
    (True, ["label=k=2"], set(), ["app:1"]),
    (True, ["label!=k=2"], set(), ["busybox:latest", "import@" + B]),
    (False, ["label=k=2"], set(), []),
])
def test_chosen(every, raw, used, names):
    gone = chosen(IMAGES, used, every=every, filters=parse_filters(raw), now=NOW)
    assert [s["Name"] for s in gone] == names


def test_a_nameless_record_of_a_named_image_is_not_dangling():
    """nerdctl can keep `import@…` beside a name for the same image: docker would not call that image dangling,
    and prune must not report it deleted while it stays (seen after a compose build)."""
    images = [*IMAGES, summary("<none>", "<none>", C)]
    gone = chosen(images, set(), every=False, filters={}, now=NOW)
    assert [s["Name"] for s in gone] == ["import@" + B]
    assert "deleted: " + C not in report(gone, {B: 1000})


@pytest.mark.parametrize(("raw", "message"), [
    (["bogus=1"], "Error response from daemon: invalid filter 'bogus'"),
    (["label"], "bad format of filter (expected name=value): label"),
])
def test_bad_filters(raw, message):
    with pytest.raises(DockerError) as err:
        parse_filters(raw)
    assert err.value.message == message


def test_report_is_dockers():
    assert report([], {}) == "Total reclaimed space: 0B\n"
    text = report([IMAGES[2], IMAGES[1], IMAGES[0]], {B: 2_052_096})
    assert text == ("Deleted Images:\nuntagged: app:1\nuntagged: busybox:latest\n"
                    f"untagged: {B}\ndeleted: {B}\n\nTotal reclaimed space: 2.052MB\n")


def test_report_names_a_tagged_image_that_left_entirely_after_its_names():
    """Engine 29 (`image prune -a`): each name untagged, then `deleted:` with the image's ID once no name is left."""
    second = summary("cmp", "1", A)
    text = report([IMAGES[0], second, IMAGES[2]], {A: 2_052_096})
    assert text == ("Deleted Images:\nuntagged: app:1\nuntagged: busybox:latest\nuntagged: cmp:1\n"
                    f"deleted: {A}\n\nTotal reclaimed space: 2.052MB\n")


@pytest.mark.parametrize(("value", "context", "message"), [
    ("xx", "invalid value for 'until' filter: ", "Error response from daemon: invalid value for 'until' filter: "
     'failed to parse value as time or duration: invalid seconds "xx": invalid syntax'),
    ("ab.5", "", 'Error response from daemon: failed to parse value as time or duration: invalid seconds "ab": '
     "invalid syntax"),
])
def test_an_unreadable_until_is_the_engines_error(value, context, message):
    with pytest.raises(DockerError) as raised:
        image_prune.until_cut(value, 1000.0, context)
    assert raised.value.message == message


@pytest.mark.parametrize(("value", "cut"), [("10s", 990.0), ("500", 500.0), ("1970-01-01T00:01:40Z", 100.0)])
def test_until_reads_durations_unix_times_and_dates(value, cut):
    assert image_prune.until_cut(value, 1000.0) == cut
