"""Putting files into place so that a failure, or a kill, never leaves a broken installation.

Files are staged under `prefix/.pydock-stage-*` (the destination's filesystem, so every final step is a
rename). commit() writes a journal, then for each target moves the old file to a backup in the stage
and renames the new one in; once all are in, the stage (backups included) is removed. A failure rolls
back from the backups. A kill leaves the stage and its journal behind: recover(), which every new
Transaction runs first, rolls such a half-done commit back completely.
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import tempfile

from shim.install.errors import InstallError

STAGE = ".pydock-stage-"
JOURNAL = "journal.json"


def _no_space(error: OSError, where: str) -> InstallError | OSError:
    if error.errno == 28:
        return InstallError(f"pydock install: no space left on the device of {where}; nothing was changed")
    return error


class Transaction:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        recover(prefix)
        os.makedirs(prefix, exist_ok=True)
        self.stage = tempfile.mkdtemp(prefix=STAGE, dir=prefix)
        self.files: dict[str, tuple[str, int]] = {}  # rel path → (staged copy, mode)

    def _staged(self, rel: str) -> str:
        return os.path.join(self.stage, "new", rel)

    def add_file(self, rel_path: str, source: str, mode: int = 0o755) -> None:
        staged = self._staged(rel_path)
        os.makedirs(os.path.dirname(staged), exist_ok=True)
        try:
            shutil.copyfile(source, staged)
        except OSError as e:
            self.rollback()
            raise _no_space(e, self.prefix) from None
        self.files[rel_path] = (staged, mode)

    def add_bytes(self, rel_path: str, data: bytes, mode: int = 0o644) -> None:
        staged = self._staged(rel_path)
        os.makedirs(os.path.dirname(staged), exist_ok=True)
        try:
            with open(staged, "wb") as f:
                f.write(data)
        except OSError as e:
            self.rollback()
            raise _no_space(e, self.prefix) from None
        self.files[rel_path] = (staged, mode)

    def _changed(self) -> list[str]:
        """Targets whose content or mode differ from what is staged (a rerun changes nothing)."""
        out = []
        for rel, (staged, mode) in sorted(self.files.items()):
            target = os.path.join(self.prefix, rel)
            same = (os.path.isfile(target) and not os.path.islink(target)
                    and (os.stat(target).st_mode & 0o7777) == mode and filecmp.cmp(staged, target, shallow=False))
            if not same:
                out.append(rel)
        return out

    def planned(self) -> list[str]:
        return [os.path.join(self.prefix, rel) for rel in self._changed()]

    def commit(self) -> list[str]:
        changed = self._changed()
        with open(os.path.join(self.stage, JOURNAL), "w", encoding="utf-8") as f:
            json.dump({"prefix": self.prefix, "targets": changed}, f)
        done: list[str] = []
        try:
            for rel in changed:
                _swap(self.prefix, self.stage, rel, self.files[rel][1])
                done.append(rel)
                _test_pause()
        except BaseException:
            _undo(self.prefix, self.stage, done)
            shutil.rmtree(self.stage, ignore_errors=True)
            raise
        shutil.rmtree(self.stage, ignore_errors=True)
        return [os.path.join(self.prefix, rel) for rel in changed]

    def rollback(self) -> None:
        """Forget what is staged (nothing was committed)."""
        shutil.rmtree(self.stage, ignore_errors=True)


def _swap(prefix: str, stage: str, rel: str, mode: int) -> None:
    target = os.path.join(prefix, rel)
    staged = os.path.join(stage, "new", rel)
    backup = os.path.join(stage, "old", rel)
    os.chmod(staged, mode)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if os.path.lexists(target) and not os.path.isdir(target):
        # A second name for the old file: the target itself is never missing, even for a moment.
        os.makedirs(os.path.dirname(backup), exist_ok=True)
        os.link(target, backup, follow_symlinks=False)
    os.replace(staged, target)  # atomic: the target is either the old file or the new one


def _undo(prefix: str, stage: str, done: list[str]) -> None:
    """Put back the old file of every target in done (or remove the target if it is new)."""
    for rel in reversed(done):
        target = os.path.join(prefix, rel)
        backup = os.path.join(stage, "old", rel)
        if os.path.lexists(backup):
            os.replace(backup, target)
        elif os.path.lexists(target):
            os.unlink(target)


def recover(prefix: str) -> str:
    """Roll back any commit a kill interrupted, and clear leftover stages. Says what it did."""
    if not os.path.isdir(prefix):
        return ""
    notes = []
    for name in sorted(os.listdir(prefix)):
        stage = os.path.join(prefix, name)
        if not name.startswith(STAGE) or not os.path.isdir(stage):
            continue
        journal = os.path.join(stage, JOURNAL)
        if os.path.exists(journal):
            with open(journal, encoding="utf-8") as f:
                targets = json.load(f)["targets"]
            # Every target up to the interruption holds the new file: put the old ones back.
            _undo(prefix, stage, [rel for rel in targets if _was_swapped(prefix, stage, rel)])
            notes.append(f"rolled back an interrupted install in {prefix}")
        shutil.rmtree(stage, ignore_errors=True)
    return "; ".join(notes)


def _was_swapped(prefix: str, stage: str, rel: str) -> bool:
    """A target was replaced when its staged copy is gone (renamed into place)."""
    return not os.path.lexists(os.path.join(stage, "new", rel)) and (
        os.path.lexists(os.path.join(stage, "old", rel)) or os.path.lexists(os.path.join(prefix, rel)))


def _test_pause() -> None:
    # Tests kill a commit halfway: they ask for a pause after the first rename.
    if os.environ.get("PYDOCK_TEST_PAUSE_AFTER_RENAME"):
        import time

        os.environ.pop("PYDOCK_TEST_PAUSE_AFTER_RENAME")
        time.sleep(float(os.environ.get("PYDOCK_TEST_PAUSE_SECONDS", "30")))
