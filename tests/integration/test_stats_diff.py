"""`stats --no-stream` and `diff` through the real pydock on the real stack: docker's fields, table and
change list (issue 9, item 8)."""

from __future__ import annotations

import json

from tests.conftest import pydock

STATS_KEYS = ["BlockIO", "CPUPerc", "Container", "ID", "MemPerc", "MemUsage", "Name", "NetIO", "PIDs"]


def test_stats_no_stream_json_table_and_templates(busybox, name):
    cname = name("stats")
    cid = pydock("run", "-d", "--name", cname, busybox, "sleep", "60", check=True).stdout.strip()
    for fmt in ("json", "{{json .}}"):
        line = pydock("stats", "--no-stream", "--format", fmt, cname, check=True).stdout
        row = json.loads(line)
        assert list(row) == STATS_KEYS  # docker's keys, sorted as its formatter marshals them
        assert (row["Container"], row["Name"], row["ID"]) == (cname, cname, cid[:12])
    fields = "{{.Container}} {{.Name}} {{.ID}} {{.CPUPerc}} {{.MemUsage}} {{.MemPerc}} {{.NetIO}} {{.BlockIO}} {{.PIDs}}"
    out = pydock("container", "stats", "--no-stream", "--format", fields, cid[:12], check=True).stdout.split()
    assert out[:3] == [cid[:12], cname, cid[:12]] and out[3].endswith("%")
    table = pydock("stats", "--no-stream", cname, check=True).stdout.splitlines()
    assert table[0].split("   ")[:2] == ["CONTAINER ID", "NAME"] and "MEM USAGE / LIMIT" in table[0]
    assert table[1].startswith(f"{cid[:12]}   {cname}")
    full = pydock("stats", "--no-stream", "--no-trunc", "--format", "{{.ID}}", cname, check=True).stdout
    assert full == cid + "\n"
    bad = pydock("stats", "--no-stream", "--format", "{{.Bogus}}", cname)
    assert (bad.returncode, bad.stdout) == (1, "")
    assert "can't evaluate field Bogus in type *container.statsContext" in bad.stderr
    missing = pydock("stats", "--no-stream", "pydock-no-such-container")
    assert missing.returncode == 1
    assert missing.stderr == "Error response from daemon: No such container: pydock-no-such-container\n"


def test_diff_lists_what_docker_lists(busybox, name):
    cname = name("diff")
    pydock("run", "--name", cname, busybox, "sh", "-c",
           "mkdir /newdir; echo x > /newdir/f; echo y >> /etc/passwd; rm /bin/ls; touch /tmp/t", check=True)
    done = pydock("diff", cname, check=True)
    # what Docker Engine lists for the same script, in path order (docker's own order is its folder walk's)
    assert done.stdout == "C /bin\nD /bin/ls\nC /etc\nC /etc/passwd\nA /newdir\nA /newdir/f\nC /tmp\nA /tmp/t\n"
    quiet = name("diff")
    pydock("run", "--name", quiet, busybox, "true", check=True)
    assert pydock("container", "diff", quiet, check=True).stdout == ""  # the runtime's files are not listed
