"""Domain errors with machine-readable codes.

Every refusal the domain makes is a ``DomainError`` carrying a stable ``code`` (snake_case, part of
the public API), a human message in Chinese and the HTTP status a web face should answer with.
Faces (admin, pages, REST, Open311, CLI) translate it in one place each; nothing else needs to know.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A request the domain refuses: bad input, illegal transition, out of scope, conflict."""

    http_status = 400

    def __init__(self, code: str, message: str, *, details: Any = None, http_status: int | None = None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.details = details
        if http_status is not None:
            self.http_status = http_status

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details is not None:
            body["details"] = self.details
        return body


class NotFound(DomainError):
    http_status = 404


class Conflict(DomainError):
    http_status = 409
