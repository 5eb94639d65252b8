"""/.dockerenv in every container, as Docker Engine makes it (an empty -rwxr-xr-x file; scripts test for it to
know they run in a container). containerd makes no such file: pydock bind-mounts one empty host file, read-only,
so it is the same for every container. runc creates the mount point in the container's own layer, which is what
`export` (and `import`) then carry, as docker's do; `diff` hides it as docker's init layer does (diff.py), and
inspect and ps leave the mount out (views.user_mounts)."""

from __future__ import annotations

SOURCE = "/var/lib/pydock/dockerenv"
TARGET = "/.dockerenv"


def mount() -> list[str]:
    """nerdctl's --mount for /.dockerenv; none where the host file cannot be made (not root)."""
    import os

    if not os.path.isfile(SOURCE):
        try:  # made once, on first use: an empty file, mode 0755 like docker's
            os.makedirs(os.path.dirname(SOURCE), exist_ok=True)
            os.close(os.open(SOURCE, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o755))
            os.chmod(SOURCE, 0o755)  # noqa: S103 - docker's mode; the file stays empty and is mounted read-only
        except FileExistsError:
            pass
        except OSError:
            return []
    return [f"--mount=type=bind,src={SOURCE},dst={TARGET},readonly"]


def is_ours(mount: dict) -> bool:
    """Whether one of nerdctl's inspect Mounts is this one."""
    return mount.get("Destination") == TARGET and mount.get("Source") == SOURCE
