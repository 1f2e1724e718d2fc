"""daicho's own exceptions: the CLI turns each into one `Error: …` line and an exit code."""


class DaichoError(Exception):
    """Base of every error daicho reports to the user."""

    exit_code = 1


class StoreError(DaichoError):
    """The store cannot be opened, read or written."""


class UnknownKey(DaichoError):
    """A key names no record (the message carries a did-you-mean)."""


class AmbiguousKey(DaichoError):
    """A prefix matches several records."""


class ManifestError(DaichoError):
    """Manifests have problems; `problems` lists them."""

    exit_code = 2

    def __init__(self, problems: list) -> None:
        self.problems = problems
        n = len(problems)
        super().__init__(f"{n} problem{'s' if n != 1 else ''} in the manifests; nothing was loaded")


class RenderError(DaichoError):
    """A diagram cannot be rendered: Graphviz's `dot` is missing, fails or takes too long."""


class SelectorError(DaichoError):
    """A graph selector (`--select`) cannot be parsed or does not apply to the record it names."""
