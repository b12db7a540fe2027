"""The changed characters between two versions of a Chinese text (domain/text_diff.py), as the conflict dialog
highlights them: words, not whole lines; a one-character island joined into the change around it."""

from selfeval.domain.text_diff import changed_spans


def _words(text: str, spans) -> list[str]:
    return [text[s:e] for s, e in spans]


def test_only_the_changed_words_of_a_long_line():
    old = "一是积极深入学习贯彻党的二十大精神，筑牢基层党建根基，在加强党建的基础上打造党建品牌。二是构筑网格化服务机制。"
    new = "一是积极深入学习贯彻党的二十大精神，夯实基层党建根基，在加强党建的基础上打造党建品牌。二是构筑网格化服务机制。"
    gone, came = changed_spans(old, new)
    assert _words(old, gone) == ["筑牢"] and _words(new, came) == ["夯实"]


def test_a_sentence_added_or_removed_is_one_change():
    old = "第一句。第二句。"
    new = "第一句。新加的一句话。第二句。"
    assert changed_spans(old, new) == ([], [(4, 11)])
    assert changed_spans(new, old) == ([(4, 11)], [])


def test_a_single_unchanged_character_between_two_changes_is_part_of_the_change():
    gone, came = changed_spans("完成率百分之九十。", "执行率达到九成。")
    # 「率」 and 「九」 alone in common: one change on each side, not scattered characters; 「。」 unchanged
    assert _words("完成率百分之九十。", gone) == ["完成率百分之九十"]
    assert len(came) == 1 and _words("执行率达到九成。", came)[0].startswith("执行率达到")


def test_the_same_text_has_no_change():
    assert changed_spans("相同的文字。\n第二段。", "相同的文字。\n第二段。") == ([], [])
