"""The negotiation service (``accord serve``): people and agents take seats over HTTP.

Install with ``pip install 'accord[serve]'``. :func:`accord.service.app.create_app` builds the
FastAPI application over an event store (:mod:`accord.service.store`: SQLite in WAL mode, or
PostgreSQL). The JSON forms of views and actions (:mod:`accord.service.wire`) need no web
library, so :mod:`accord.client` can use them.

Routes (``/docs`` shows the OpenAPI schema):

- ``POST /api/sessions``: create a session; the answer holds the organiser's, the observers'
  and each person-held seat's secret link (a token; send it as ``Authorization: Bearer``).
- ``GET /api/sessions/{id}``: the public summary; ``GET .../seat``: the seat's own brief;
  ``GET .../view?since=N&wait=S&until=turn``: the seat's view, allowed kinds and new events
  (long poll); ``GET .../events``; ``GET .../stream``: Server-Sent Events per seat.
- ``POST .../actions``: the seat acts (``expected_seq`` guards against acting on an old state).
- ``POST .../close``, ``POST .../seats/{seat}/link`` (organiser); ``GET /health``, ``GET /ready``.
"""
