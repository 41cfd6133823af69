"""The public facade is curated: sorted, complete, and every exception is exported."""

from __future__ import annotations

import inspect

import accord
import accord.errors


def test_all_is_sorted_and_resolves() -> None:
    assert accord.__all__ == sorted(accord.__all__)
    for name in accord.__all__:
        assert hasattr(accord, name), name


def test_every_exception_is_exported() -> None:
    for name, obj in vars(accord.errors).items():
        if inspect.isclass(obj) and issubclass(obj, Exception):
            assert name in accord.__all__, name
            assert issubclass(obj, accord.AccordError) or obj is accord.AccordError


def test_exception_tree_is_documented() -> None:
    doc = accord.errors.__doc__ or ""
    for name, obj in vars(accord.errors).items():
        if inspect.isclass(obj) and issubclass(obj, accord.AccordError) and obj is not accord.AccordError:
            assert name in doc, name
