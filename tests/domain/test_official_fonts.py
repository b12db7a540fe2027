"""Which official fonts a PC lacks, and the notice about them (the fonts come from layout.py)."""

from selfeval.domain import layout
from selfeval.domain.official_fonts import OFFICIAL_FONTS, missing_fonts, missing_key, notice_text


def test_the_fonts_are_the_layouts():
    assert [f.name for f in OFFICIAL_FONTS] == [layout.TITLE_FONT, layout.HEADING1_FONT,
                                                layout.HEADING2_FONT, layout.BODY_FONT]
    assert {f.name for f in OFFICIAL_FONTS} == {"方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312"}


def test_missing_by_any_of_its_names_case_insensitive():
    assert [f.name for f in missing_fonts([])] == [f.name for f in OFFICIAL_FONTS]
    assert missing_fonts(["方正小标宋简体", "simhei", "KaiTi_GB2312", "FangSong_GB2312", "Arial"]) == []
    missing = missing_fonts(["黑体", "仿宋", "楷体"])  # 仿宋 and 楷体 are not the GB2312 fonts
    assert [f.name for f in missing] == ["方正小标宋简体", "楷体_GB2312", "仿宋_GB2312"]


def test_key_is_the_sorted_set_of_names():
    a, b = OFFICIAL_FONTS[0], OFFICIAL_FONTS[3]
    assert missing_key([a, b]) == missing_key([b, a]) == "仿宋_GB2312|方正小标宋简体"
    assert missing_key([]) == ""


def test_notice_names_each_font_its_substitute_and_that_the_docx_keeps_the_names():
    title, _h1, _h2, body = OFFICIAL_FONTS
    text = notice_text([(title, "Noto Serif CJK SC"), (body, None)])
    assert "方正小标宋简体（标题）：本电脑上显示为“Noto Serif CJK SC”" in text
    assert "仿宋_GB2312（正文和三、四级标题）：本电脑上找不到可代替的字体" in text
    assert "黑体" not in text.split("\n\n")[0]
    assert "Word 文档仍然使用上述标准字体名称" in text and "不附带这些字体" in text


def test_without_any_chinese_font_the_notice_first_says_what_to_install():
    text = notice_text([(font, None) for font in OFFICIAL_FONTS], chinese_font_installed=False)
    first = text.split("\n\n")[0]
    assert "没有安装任何中文字体" in first and "sudo apt install fonts-noto-cjk" in first
    assert "中文(简体)" in first  # Windows
    assert "仿宋_GB2312（正文和三、四级标题）：本电脑上找不到可代替的字体" in text
    assert "没有安装任何中文字体" not in notice_text([(OFFICIAL_FONTS[0], "Noto Serif CJK SC")])
