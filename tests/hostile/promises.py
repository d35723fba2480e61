"""The promises every hostile case keeps, written once for the test modules that bring cases.

A module lists its cases (`{case: [Expect, ...]}`), makes its `outcomes` fixture with `outcomes_fixture`, and
subclasses `EveryCase` with `HOSTILE_CASES` set; tests/conftest.py parametrises the class's tests by case.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import pytest

from hostile.trees import Expect, Outcome, outcome


def outcomes_fixture(tree_for: Callable[[str, Path], Path]):
    """A module fixture: each case built (strict) and checked once, when a test first asks for it."""

    @pytest.fixture(scope="module")
    def outcomes(tmp_path_factory) -> Callable[[str], Outcome]:
        built: dict[str, Outcome] = {}

        def get(case: str) -> Outcome:
            if case not in built:
                tmp = tmp_path_factory.mktemp(case)
                built[case] = outcome(tmp, tree_for(case, tmp))
            return built[case]

        return get

    return outcomes


def without_logger_name(warning: str) -> str:
    return warning.removeprefix("contract_catalog: ")


class EveryCase:
    HOSTILE_CASES: ClassVar[dict[str, list[Expect]]]

    def test_the_build_names_file_location_and_fault(self, outcomes, case):
        warnings = outcomes(case).site.warnings
        for expect in self.HOSTILE_CASES[case]:
            assert any(expect.in_line(w) for w in warnings), f"{expect} not in {warnings}"

    def test_a_strict_build_fails(self, outcomes, case):
        assert outcomes(case).strict_failed

    def test_the_affected_page_shows_the_problem(self, outcomes, case):
        result = outcomes(case)
        for expect in self.HOSTILE_CASES[case]:
            shown = result.problems_on(expect.page)
            assert any(expect.in_line(line) for line in shown), f"{expect} not in {shown}"

    def test_contracts_check_reports_the_same_line(self, outcomes, case):
        result = outcomes(case)
        assert result.check_status == 1
        reported = result.check_output.splitlines()
        for expect in self.HOSTILE_CASES[case]:
            warned = [without_logger_name(w) for w in result.site.warnings if expect.in_line(w)]
            assert set(warned) & set(reported), f"{expect}: build says {warned}, check says {reported}"

    def test_check_and_build_report_the_same_problem_list(self, outcomes, case):
        """Not only the expected lines: the two lists are the same, so CI and the site never disagree."""
        result = outcomes(case)
        assert sorted(without_logger_name(w) for w in result.site.warnings) == sorted(
            result.check_output.splitlines()
        )
