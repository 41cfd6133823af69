"""The negotiation room in the browser, served by ``accord serve``.

- a delegation's room and the mediator's console (:mod:`accord.web.pages`), opened from a
  seat's secret link (``/join/TOKEN``), updated live over the seat's Server-Sent Events;
- the classroom (:mod:`accord.web.classroom`): N tables of one case at once, the teacher's
  progress page and the debrief (:mod:`accord.web.debrief`).

Server-rendered HTML (Jinja2) with a little plain JavaScript and CSS served by the app itself
(``/static/accord/``): no build step and no request to any other server.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["mount"]


def mount(app: Any) -> None:
    """Add the pages, the classroom and the static assets to the service's FastAPI app."""
    from fastapi.staticfiles import StaticFiles

    from accord.web import classroom, pages

    app.include_router(pages.router)
    app.include_router(classroom.router)
    app.mount("/static/accord", StaticFiles(directory=Path(__file__).parent / "static"), name="accord-static")
