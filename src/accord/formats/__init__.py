"""Reading and writing scenarios: accord's own files and the field's formats (GENIUS XML,
GeniusWeb JSON), with one entry point, :func:`load_scenario`, that tells them apart."""

from accord.formats._common import Imported
from accord.formats.detect import detect_format, import_any, load_scenario
from accord.formats.genius import import_genius, read_genius, read_genius_folder
from accord.formats.genius_export import write_genius
from accord.formats.geniusweb import import_geniusweb, read_geniusweb, read_geniusweb_folder
from accord.formats.geniusweb_export import write_geniusweb

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
