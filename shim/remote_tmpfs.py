"""A private folder on a tmpfs of the ssh transport's remote (issue #16), for what must never rest on its disk: a
build's secrets (shim/backends/nerdctl/build_ssh.py), a registry's credentials for the remote's ctr
(shim/backends/ctr/registry_auth.py). A POSIX sh snippet, so that it runs on a remote with no Python."""

from __future__ import annotations


def private_tmpfs(what: str) -> str:
    """sh that makes a new folder (0700) on /dev/shm, else on $XDG_RUNTIME_DIR, if a tmpfs (or ramfs), named
    `.pydock-secret-$t`, and leaves its path in $s; none: a message naming `what`, and exit 125. The caller
    removes it (a trap on EXIT)."""
    return ('for b in /dev/shm "$XDG_RUNTIME_DIR"; do '
            '[ -n "$b" ] && [ -d "$b" ] && [ -w "$b" ] || continue; '
            'case $(stat -f -c %T "$b" 2>/dev/null) in tmpfs|ramfs) ;; *) continue;; esac; '
            's="$b/.pydock-secret-$t"; mkdir -m 700 "$s" && break; s=; done; '
            'if [ -z "$s" ]; then echo "pydock: the remote host has no private tmpfs folder (/dev/shm, '
            f'\\$XDG_RUNTIME_DIR) to hold {what} off its disk" >&2; exit 125; fi; ')
