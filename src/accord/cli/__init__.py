"""accord's command-line interface (Typer). Entry point: ``accord.cli.main:main``."""
