"""Alembic migrations of the service's database (run by :func:`accord.service.store.Store.migrate`)."""
