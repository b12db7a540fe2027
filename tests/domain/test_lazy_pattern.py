import re

from selfeval.domain.lazy_pattern import LazyPattern


def test_compiles_on_first_use_and_behaves_as_the_pattern():
    lazy = LazyPattern(r"(\d+)元", re.IGNORECASE)
    assert lazy._compiled is None
    assert lazy.sub(r"<\1>", "共12元和3元") == "共<12>和<3>"
    assert [m.group(1) for m in lazy.finditer("1元2元")] == ["1", "2"]
    assert lazy.pattern == r"(\d+)元" and lazy.flags & re.IGNORECASE
    assert isinstance(lazy._compiled, re.Pattern)
