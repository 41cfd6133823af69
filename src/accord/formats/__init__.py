"""Reading and writing scenarios: accord's own files and the field's formats (GENIUS XML,
GeniusWeb JSON), with one entry point, :func:`load_scenario`, that tells them apart.

The names below are imported on first use: reading an accord file loads neither the GENIUS
nor the GeniusWeb modules (detection imports every format when it has to tell them apart).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from accord.lazy import lazy_names

if TYPE_CHECKING:
    from accord.formats._common import Imported
    from accord.formats.detect import detect_format, import_any, load_scenario
    from accord.formats.genius import import_genius, read_genius, read_genius_folder
    from accord.formats.genius_export import write_genius
    from accord.formats.geniusweb import import_geniusweb, read_geniusweb, read_geniusweb_folder
    from accord.formats.geniusweb_export import write_geniusweb

_WHERE: dict[str, str] = {
    "Imported": "accord.formats._common",
    "detect_format": "accord.formats.detect",
    "import_any": "accord.formats.detect",
    "load_scenario": "accord.formats.detect",
    "import_genius": "accord.formats.genius",
    "read_genius": "accord.formats.genius",
    "read_genius_folder": "accord.formats.genius",
    "write_genius": "accord.formats.genius_export",
    "import_geniusweb": "accord.formats.geniusweb",
    "read_geniusweb": "accord.formats.geniusweb",
    "read_geniusweb_folder": "accord.formats.geniusweb",
    "write_geniusweb": "accord.formats.geniusweb_export",
}

__all__ = [
    "Imported",
    "detect_format",
    "import_any",
    "import_genius",
    "import_geniusweb",
    "load_scenario",
    "read_genius",
    "read_genius_folder",
    "read_geniusweb",
    "read_geniusweb_folder",
    "write_genius",
    "write_geniusweb",
]


__getattr__, __dir__ = lazy_names(__name__, _WHERE, __all__)
