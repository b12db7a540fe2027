"""The title pattern read backwards, and the guess of the unit's full name."""

from selfeval.importers.title import parse_title
from selfeval.importers.unit_name import guess_unit_name

PATTERN = "{year}年度{unit_short}部门整体支出绩效自评表说明"


def test_title_following_the_pattern_gives_year_and_short_name():
    parsed = parse_title("2024年度昌华街道部门整体支出绩效自评表说明", PATTERN)
    assert (parsed.matched, parsed.year, parsed.unit_short, parsed.override) == (True, 2024, "昌华街道", "")


def test_title_with_an_implausible_year_or_other_words_is_kept_as_written():
    assert parse_title("0024年度昌华街道部门整体支出绩效自评表说明", PATTERN).override
    parsed = parse_title("昌华街道2024年度部门整体支出绩效自评报告", PATTERN)
    assert (parsed.matched, parsed.year, parsed.override) == (False, 2024, "昌华街道2024年度部门整体支出绩效自评报告")


def test_a_pattern_with_the_full_name_is_read_too():
    parsed = parse_title("广州市某局2023年度绩效自评", "{unit_name}{year}年度绩效自评")
    assert (parsed.unit_name, parsed.year, parsed.override) == ("广州市某局", 2023, "")


def test_unit_name_is_the_longest_name_around_the_short_name():
    text = ("按照荔湾区财政局要求，昌华街道开展自评。在预算执行方面，广州市荔湾区人民政府昌华街道办事处2024年度"
            "单位指标已用金额合计7663.69万元。《昌华街道采购询价比选办法》")
    assert guess_unit_name(text, "昌华街道") == "广州市荔湾区人民政府昌华街道办事处"


def test_no_unit_name_without_a_short_name_or_a_match():
    assert guess_unit_name("广州市荔湾区人民政府昌华街道办事处", "") == ""
    assert guess_unit_name("荔湾区财政局印发通知，昌华街道执行。", "昌华街道") == ""


def test_the_signature_gives_the_unit_name():
    assert guess_unit_name("正文。", "昌华街道", signature="广州市荔湾区人民政府昌华街道办事处") == \
        "广州市荔湾区人民政府昌华街道办事处"
