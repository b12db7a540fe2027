"""Tracked changes read and settled (importers/docx_revisions.py): moves, a paragraph joined by deleting its
mark, formatting changes ignored, one change's pieces read as one proposal, and each change settled alone."""

from __future__ import annotations

import io

import docx
from lxml import etree

from selfeval.importers.docx_reader import read_docx
from selfeval.importers.docx_revisions import read_edited_docx, resolved_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BY = 'w:author="王科长" w:date="2025-03-02T10:15:00Z"'


def _docx(body: str) -> bytes:
    """A python-docx document whose body is ``body`` (WordprocessingML paragraphs)."""
    document = docx.Document()
    old = document.element.body
    for child in list(old):
        if not child.tag.endswith("sectPr"):
            old.remove(child)
    for el in etree.fromstring(f'<w:body xmlns:w="{W}">{body}</w:body>'):
        old.insert(len(old) - 1, el)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _read(data: bytes) -> list[str]:
    return read_docx(data).paragraphs


def test_a_move_is_a_deletion_there_and_an_insertion_here():
    data = _docx(f'<w:p><w:moveFrom w:id="1" {BY}><w:r><w:delText>甲乙。</w:delText></w:r></w:moveFrom>'
                 '<w:r><w:t>丙丁。</w:t></w:r>'
                 f'<w:moveTo w:id="2" {BY}><w:r><w:t>甲乙。</w:t></w:r></w:moveTo></w:p>')
    found = read_edited_docx(data)
    assert [(r.kind, r.text) for r in found.revisions] == [("moveFrom", "甲乙。"), ("moveTo", "甲乙。")]
    assert _read(resolved_docx(data, True)) == ["丙丁。甲乙。"]
    assert _read(resolved_docx(data, False)) == ["甲乙。丙丁。"]


def test_a_deleted_paragraph_mark_joins_the_paragraphs_when_accepted():
    data = _docx(f'<w:p><w:pPr><w:rPr><w:del w:id="3" {BY}/></w:rPr></w:pPr><w:r><w:t>第一段</w:t></w:r>'
                 f'<w:del w:id="4" {BY}><w:r><w:delText>。</w:delText></w:r></w:del></w:p>'
                 '<w:p><w:r><w:t>接着写。</w:t></w:r></w:p>')
    assert _read(resolved_docx(data, True)) == ["第一段接着写。"]
    assert _read(resolved_docx(data, False)) == ["第一段。", "接着写。"]


def test_formatting_changes_are_no_change_to_the_text():
    data = _docx('<w:p><w:r><w:rPr><w:b/><w:rPrChange w:id="5" w:author="李" w:date="2025-03-02T10:15:00Z">'
                 '<w:rPr/></w:rPrChange></w:rPr><w:t>加粗了</w:t></w:r></w:p>')
    assert read_edited_docx(data).revisions == ()
    assert b"rPrChange" not in resolved_docx(data, False)
    assert _read(resolved_docx(data, False)) == ["加粗了"]


def test_pieces_side_by_side_are_one_proposal_and_changes_are_settled_one_by_one():
    pieces = "".join(f'<w:del w:id="{10 + i}" {BY}><w:r><w:delText>{c}</w:delText></w:r></w:del>'
                     for i, c in enumerate("旧词"))
    data = _docx(f'<w:p><w:r><w:t>前</w:t></w:r>{pieces}<w:ins w:id="20" {BY}><w:r><w:t>新词</w:t></w:r></w:ins>'
                 f'<w:r><w:t>后</w:t></w:r><w:ins w:id="21" {BY}><w:r><w:t>补充</w:t></w:r></w:ins></w:p>')
    found = read_edited_docx(data)
    assert [(r.kind, r.text) for r in found.revisions] == [("del", "旧词"), ("ins", "新词"), ("ins", "补充")]
    deletion = found.revisions[0]
    assert deletion.pieces == ("10", "11") and deletion.describe() == "王科长删除“旧词”"
    assert _read(resolved_docx(data, {deletion.id, "20"})) == ["前新词后"]
    assert _read(resolved_docx(data, {"21"})) == ["前旧词后补充"]


def test_comments_keep_their_author_words_and_paragraph():
    data = _docx('<w:p><w:r><w:t>开头</w:t></w:r><w:commentRangeStart w:id="0"/><w:r><w:t>被批注的词</w:t></w:r>'
                 '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>')
    assert read_edited_docx(data).comments == ()  # no comments part: nothing to list
    assert _read(resolved_docx(data, True)) == ["开头被批注的词"]


def test_paragraphs_joined_with_no_word_changed_are_a_proposal_of_their_own():
    data = _docx(f'<w:p><w:pPr><w:rPr><w:del w:id="7" {BY}/></w:rPr></w:pPr><w:r><w:t>上一段，</w:t></w:r></w:p>'
                 '<w:p><w:r><w:t>下一段。</w:t></w:r></w:p>')
    [joined] = read_edited_docx(data).revisions
    assert joined.describe() == "王科长把此段与下一段合并" and joined.context == "上一段，"
    assert _read(resolved_docx(data, {joined.id})) == ["上一段，下一段。"]
    assert _read(resolved_docx(data, set())) == ["上一段，", "下一段。"]
