"""The math fence's new attributes are validated where the fence is, before anything runs."""

from __future__ import annotations

import pytest

from bpdocs.core.errors import AuthoringError
from bpdocs.core.attributes import check_fence
from bpdocs.core.fences import scan


def fence(attrs: str):
    return scan(f"# P\n\n```math {attrs}\ny_1 = x_1\n```\n", "page.md").fences[0]


@pytest.mark.parametrize("attrs, message", [
    ('check="2-3" batch="0"', 'batch="0" must be a whole number of examples from 1 to 100'),
    ('check="2-3" batch="four"', 'batch="four" must be a whole number'),
    ('check="2-3" reduction="avg"', 'reduction="avg" is not one of: sum, mean'),
    ('check="2-3" l2=""', "l2=\"\" gives no coefficient"),
    ('check="2-3" loss="hinge"', 'loss="hinge" is not one of: squared, sum-of-squares, cross-entropy, categorical-cross-entropy'),
    ('check="2-3" inputs="z"', 'inputs is for a check against the page\'s own code, check="session"'),
    ('check="session" bind=""', 'bind="" binds nothing'),
    ('check="2-3" activation="softplus"', 'give one of identity, sigmoid, tanh, relu, softmax'),
])
def test_bad_math_attributes_are_located_errors(attrs, message):
    with pytest.raises(AuthoringError) as info:
        check_fence(fence(attrs))
    assert message in str(info.value) and str(info.value).startswith("page.md:3:")


@pytest.mark.parametrize("attrs", ['check="2-3" batch="4" reduction="mean" l2="\\frac{\\lambda}{2}"',
                                   'check="session" bind="p=softmax(z)" inputs="z"',
                                   'check="2-3-2" activation="tanh softmax" loss="categorical-cross-entropy"'])
def test_good_math_attributes_pass(attrs):
    check_fence(fence(attrs))
