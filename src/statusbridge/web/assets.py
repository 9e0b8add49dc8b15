"""Serving the web pages' static files (USWDS from npm, statusbridge's own stylesheet).

WhiteNoise serves them from waitress. It lists every file the static finders know when the
middleware is built; Django builds the middleware anew for every test client, and listing USWDS's
2,600 files took a quarter second each time, so the listing is made once per process and shared
(the files do not change while the service runs; ``STATUSBRIDGE_DEBUG=1`` looks files up on each
request instead). This module must never serve anything outside the finders' directories.
"""

from __future__ import annotations

from typing import Any, ClassVar

from whitenoise.middleware import WhiteNoiseMiddleware


class StaticFiles(WhiteNoiseMiddleware):  # type: ignore[misc]  # WhiteNoise has no types
    _listed: ClassVar[dict[str, Any] | None] = None

    def add_files_from_finders(self) -> None:
        if StaticFiles._listed is None:
            before = set(self.files)
            super().add_files_from_finders()
            StaticFiles._listed = {u: f for u, f in self.files.items() if u not in before}
        else:
            self.files.update(StaticFiles._listed)
