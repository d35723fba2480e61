"""A panic of a Rust extension, turned into an ordinary exception that a caller can report as a problem.

pyo3 raises `pyo3_runtime.PanicException` when Rust code panics; it derives from BaseException, so that
`except Exception` lets it through and it ends the build with a traceback. The libraries the catalog runs
untrusted schemas and text through (`rpds` under `referencing`, `nh3`) are such extensions. Only that one
exception type is caught, by name (pyo3 creates it at run time); KeyboardInterrupt and SystemExit pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

PANIC_NAME = "PanicException"


class Panic(Exception):
    """A Rust extension panicked on some input; the message is the panic's."""


@contextmanager
def contained() -> Iterator[None]:
    """Run a block; a Rust panic inside it comes out as Panic, anything else as it was."""
    try:
        yield
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as error:
        if type(error).__name__ != PANIC_NAME:
            raise
        raise Panic(str(error).splitlines()[0] if str(error) else PANIC_NAME) from error
