"""The vectorised type check of a column agrees with the per-cell one, cell for cell."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.fieldtypes import conforms, nonconforming
from generator.models import FieldType

# Cells near every form: digits, signs, dots, exponents, dashes, spaces, booleans, real and unreal days.
NEAR = st.one_of(
    st.text(alphabet="0123456789+-.eE ", max_size=12),
    st.text(max_size=8),
    st.sampled_from(
        [
            "",
            "true",
            "False",
            "TRUE",
            "yes",
            "1",
            "0",
            "2020-02-29",
            "2021-02-29",
            "0000-01-01",
            "0001-01-01",
            "2021-13-01",
            "2021-00-10",
            "9999-12-31",
            "2021-02-03\n",
            "\u0661\u0662",
            "12\n",
            "1e5",
            ".5",
            "5.",
        ]
    ),
)


@pytest.mark.parametrize("field_type", list(FieldType))
@settings(max_examples=100)
@given(cells=st.lists(NEAR, min_size=1, max_size=20))
def test_a_column_check_agrees_with_the_cell_check(field_type, cells):
    column = pa.array(cells, type=pa.large_string())
    assert nonconforming(field_type, column).tolist() == [not conforms(field_type, cell) for cell in cells]
