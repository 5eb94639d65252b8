"""The installer's error: a message for the user and exit code 1."""

from __future__ import annotations

from shim.errors import DockerError


class InstallError(DockerError):
    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message, code)
