"""The yardstick for start-up: a minimal typer app with one command, in daicho's environment.

    python bench/minimal_typer_app.py NAME

`daicho where ITEM` should take at most 1.2 times as long as this (bench/run.py measures both).
"""

import typer

app = typer.Typer(add_completion=False)


@app.command()
def hello(name: str) -> None:
    """Greet NAME."""
    typer.echo(f"hello {name}")


if __name__ == "__main__":
    app()
