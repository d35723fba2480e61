"""Synthetic contracts trees of any size, for the benchmark and the scale tests (see corpus.py).

A package of its own beside the plugin, not inside it: the plugin never imports it, and it is left out of the
wheel (it borrows the registry schema of the repository's bundled corpus). An editable install puts it on the
path, so the benchmark and the tests import it like any module.
"""

from .corpus import ANCHOR, PROFILES, Generator, generate, main

__all__ = ["ANCHOR", "PROFILES", "Generator", "generate", "main"]
