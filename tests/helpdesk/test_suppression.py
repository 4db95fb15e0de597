"""Primary and secondary suppression, checked against a brute-force reader who knows the rules."""
import itertools
import random

import pytest

from helpdesk.suppression import PRIMARY, SECONDARY, is_protected, protect_column

P, S = PRIMARY, SECONDARY


def possible_values(values, flags, threshold):
    """{index: every value that withheld cell can take} for a reader who sees the column's total.

    The reader knows the published cells and the total, that "<5" cells hold 1
    to threshold − 1, "x" cells at least the threshold and at most the smallest
    cell shown (they are withheld smallest first), or anything when the whole
    column is withheld. Enumerates every assignment; for small columns only.
    """
    withheld = [index for index, flag in enumerate(flags) if flag]
    remainder = sum(values[index] for index in withheld)
    shown = [value for value, flag in zip(values, flags) if not flag and value > 0]
    whole_column = all(flag == SECONDARY for flag in flags)
    ranges = []
    for index in withheld:
        if whole_column:
            ranges.append(range(0, remainder + 1))
        elif flags[index] == PRIMARY:
            ranges.append(range(1, threshold))
        else:
            ranges.append(range(threshold, (min(shown) if shown else remainder) + 1))
    found = {index: set() for index in withheld}
    for assignment in itertools.product(*ranges):
        if sum(assignment) == remainder:
            for index, value in zip(withheld, assignment):
                found[index].add(value)
    return found


@pytest.mark.parametrize("values, flags", [
    ([3, 40, 12, 0], [P, "", S, ""]),  # the smallest other cell hides the 3
    ([1, 3, 40], [P, P, ""]),  # 1 + 3 = 4 could be 2 + 2 or 3 + 1: nothing more to hide
    ([1, 1, 40, 50], [P, P, S, ""]),  # 1 + 1 = 2 would give both away
    ([1, 5, 30], [P, S, S]),  # with only the 5 hidden, 1 + 5 = 6 and "x" ≥ 5 give the 1 away
    ([4, 9, 0, 30], [P, S, "", ""]),
    ([1, 1, 1, 1, 1, 0, 0], [S] * 7),  # five 1s under a total of 5: the whole column goes
    ([0, 7, 20], ["", "", ""]),
])
def test_protect_column(values, flags):
    result, total_flag = protect_column(values, 5)
    assert result == flags and total_flag == ""


def test_a_month_total_below_the_threshold_is_withheld_too():
    assert protect_column([2, 1, 0], 5) == ([P, P, ""], P)


def test_a_threshold_of_one_withholds_nothing():
    assert protect_column([1, 0, 30], 1) == (["", "", ""], "")


def test_the_threshold_is_a_parameter():
    assert protect_column([6, 40, 12], 10) == ([P, "", S], "")


def test_is_protected_is_the_brute_force_answer():
    rng = random.Random(5)
    for _ in range(400):
        values = [rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 13]) for _ in range(rng.randint(2, 4))]
        # Every small count is a primary; any larger cell may have been chosen as a secondary.
        flags = [P if 0 < value < 5 else (rng.choice(["", S]) if value else "") for value in values]
        if P not in flags:
            continue
        expected = all(len(options) >= 2 for index, options in possible_values(values, flags, 5).items()
                       if flags[index] == P)
        assert is_protected(values, flags, 5) is expected, (values, flags)


def test_no_small_count_can_be_worked_out_from_the_total():
    rng = random.Random(20240301)
    for _ in range(600):
        values = [rng.choice([0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 9, 15]) for _ in range(rng.randint(1, 5))]
        flags, total_flag = protect_column(values, 5)
        if total_flag:
            continue  # the total is withheld: nothing to subtract from
        for index, options in possible_values(values, flags, 5).items():
            if 0 < values[index] < 5 or all(flag == S for flag in flags):
                assert len(options) >= 2, (values, flags, index, options)
                assert values[index] in options
