"""A Rust extension's panic (pyo3's PanicException, a BaseException) becomes a problem, never a traceback.

rpds, which `referencing` keeps its resolvers' state in, panics when a key's `__eq__` raises: that is what
a RecursionError during a `$dynamicRef` loop does to it (tests/hostile/cases/schema-panic). Here a real
panic is provoked the same way, without depending on where the recursion limit strikes.
"""

from __future__ import annotations

import pytest
import rpds
from contract_catalog.core.panics import Panic, contained


class _SpitefulKey:
    def __hash__(self) -> int:
        return 1

    def __eq__(self, other) -> bool:
        raise RecursionError("maximum recursion depth exceeded in comparison")


def _provoke_panic() -> None:
    rpds.HashTrieMap({_SpitefulKey(): 1}).insert(_SpitefulKey(), 2)


def test_a_real_panic_passes_except_exception():
    with pytest.raises(BaseException) as raised:
        _provoke_panic()
    assert type(raised.value).__name__ == "PanicException" and not isinstance(raised.value, Exception)


def test_contained_turns_the_panic_into_an_exception_that_names_it():
    with pytest.raises(Panic, match="__eq__ failed"), contained():
        _provoke_panic()


def test_contained_lets_interrupts_and_other_errors_through():
    with pytest.raises(KeyboardInterrupt), contained():
        raise KeyboardInterrupt
    with pytest.raises(ValueError, match="not a panic"), contained():
        raise ValueError("not a panic")
