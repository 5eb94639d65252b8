"""docker system df's rows from plain facts (shim/output/disk_usage.py), by docker's formatter's rules."""

from __future__ import annotations

import pytest

from shim.errors import DockerError
from shim.output import disk_usage


def _values(rows):
    return [(r.Type(), r.TotalCount(), r.Active(), r.Size(), r.Reclaimable()) for r in rows]


def test_rows_follow_dockers_rules():
    images = [{"Size": 3000, "SharedSize": 1000, "Containers": 1}, {"Size": 2000, "SharedSize": 1000, "Containers": 0}]
    containers = [{"State": "running", "SizeRw": 10}, {"State": "paused", "SizeRw": 20},
                  {"State": "exited", "SizeRw": 70}]
    volumes = [{"Size": 400, "RefCount": 1}, {"Size": 100, "RefCount": 0}, {"Size": -1, "RefCount": 0}]
    cache = [{"Size": 50, "InUse": True, "Shared": False}, {"Size": 25, "InUse": False, "Shared": False},
             {"Size": 999, "InUse": False, "Shared": True}]
    rows = disk_usage.rows(images, 4000, containers, volumes, cache)
    assert _values(rows) == [
        ("Images", "2", "1", "4kB", "2kB (50%)"),  # what a used image holds alone is not reclaimable
        ("Containers", "3", "2", "100B", "70B (70%)"),  # running and paused ones are active
        ("Local Volumes", "3", "1", "500B", "100B (20%)"),  # an unknown size (-1) counts for nothing
        ("Build Cache", "3", "1", "75B", "25B"),  # shared records are not counted; no share printed
    ]


def test_empty_rows_have_no_share():
    assert _values(disk_usage.rows([], 0, [], [], [])) == [
        ("Images", "0", "0", "0B", "0B"), ("Containers", "0", "0", "0B", "0B"),
        ("Local Volumes", "0", "0", "0B", "0B"), ("Build Cache", "0", "0", "0B", "0B")]


def test_formats():
    rows = disk_usage.rows([], 0, [], [], [])
    assert disk_usage.render("", rows).stdout.splitlines()[0].split() == ["TYPE", "TOTAL", "ACTIVE", "SIZE",
                                                                          "RECLAIMABLE"]
    assert disk_usage.render("json", rows).stdout.splitlines()[0] == (
        '{"Active":"0","Reclaimable":"0B","Size":"0B","TotalCount":"0","Type":"Images"}')
    with pytest.raises(DockerError) as err:
        disk_usage.render("{{.Nope}}", rows)
    assert "can't evaluate field Nope in type *formatter.diskUsageImagesContext" in err.value.message
