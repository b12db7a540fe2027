"""A PDF made on a PC without the official fonts (issue 23, item 1): the fonts it lacks are named and
replaced by the report's 替代字体名 or a free font of the same kind that is installed."""

from selfeval.domain.layout import LayoutSettings
from selfeval.domain.official_fonts import Substitution, pdf_fonts, substitution_text

OFFICIAL = ["仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体"]
DEBIAN_FREE = ["Noto Sans CJK SC", "Noto Serif CJK SC", "AR PL UKai CN", "AR PL UMing CN", "LXGW WenKai"]


def test_a_pc_with_the_official_fonts_changes_nothing_and_says_nothing():
    layout = LayoutSettings()
    assert pdf_fonts(layout, OFFICIAL) == (layout, [])
    assert substitution_text([]) == ""


def test_missing_fonts_get_free_equivalents_of_the_same_kind():
    layout, substitutions = pdf_fonts(LayoutSettings(), DEBIAN_FREE)
    assert substitutions == [Substitution("仿宋_GB2312", "Noto Serif CJK SC"),
                             Substitution("方正小标宋简体", "Noto Serif CJK SC"),
                             Substitution("黑体", "Noto Sans CJK SC"),
                             Substitution("楷体_GB2312", "AR PL UKai CN"),
                             Substitution("宋体", "Noto Serif CJK SC")]
    assert [layout.font(k) for k in ("仿宋_GB2312", "黑体", "楷体_GB2312")] == [
        "Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UKai CN"]
    text = substitution_text(substitutions)
    assert "“仿宋_GB2312”改用“Noto Serif CJK SC”" in text and "“黑体”改用“Noto Sans CJK SC”" in text


def test_the_reports_fallback_names_come_first_and_present_fonts_keep_their_names():
    # 仿宋 (Windows' free 仿宋) installed, 仿宋_GB2312 not: the 替代字体名 is used; 黑体 is there and stays.
    layout, substitutions = pdf_fonts(LayoutSettings(), ["仿宋", "黑体", "楷体", "宋体", "方正小标宋简体"])
    assert substitutions == [Substitution("仿宋_GB2312", "仿宋"), Substitution("楷体_GB2312", "楷体")]
    assert [layout.font(k) for k in ("仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体")] == [
        "仿宋", "黑体", "楷体", "方正小标宋简体", "宋体"]


def test_a_font_with_no_equivalent_is_named_as_left_to_the_office_suite():
    layout, substitutions = pdf_fonts(LayoutSettings(), ["黑体", "宋体", "方正小标宋简体", "楷体_GB2312"])
    assert substitutions == [Substitution("仿宋_GB2312", None)]
    assert layout == LayoutSettings()
    assert "“仿宋_GB2312”由办公软件自动代替" in substitution_text(substitutions)


def test_english_family_names_count_as_installed():
    _layout, substitutions = pdf_fonts(LayoutSettings(), ["SimHei", "FangSong_GB2312", "KaiTi_GB2312",
                                                          "FZXiaoBiaoSong-B05S", "宋体"])
    assert substitutions == []
