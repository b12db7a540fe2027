"""Where the signature (落款) and the date go, GB/T 9704 7.3.5.3 (unsealed document).

The signature is 右空二字; the date is on the next line, its first character two characters right of
the signature's first character. A date longer than that is itself 右空二字 and the signature moves
left so that the two-character shift holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from selfeval.domain import layout
from selfeval.export.title_lines import text_width_em


@dataclass(frozen=True)
class SignatureIndents:
    """Right indents in characters (ems of the body size)."""

    signature: Decimal
    date: Decimal


def signature_indents(signature: str, date: str) -> SignatureIndents:
    margin = Decimal(layout.SIGNATURE_RIGHT_INDENT_CHARS)
    if not signature:
        return SignatureIndents(margin, Decimal(layout.DATE_MIN_RIGHT_CHARS))
    if not date:
        return SignatureIndents(margin, margin)
    sig_w, date_w = text_width_em(signature), text_width_em(date)
    shift = Decimal(layout.DATE_SHIFT_CHARS)
    date_right = margin + sig_w - shift - date_w  # date starts `shift` right of the signature
    if date_right >= layout.DATE_MIN_RIGHT_CHARS:
        if margin + sig_w + layout.FIRST_LINE_INDENT_CHARS > layout.CHARS_PER_LINE:
            # A signature longer than a line wraps (the styles keep Normal's first-line indent): the
            # date then starts at that indent at most, rather than being pushed off the text block.
            # Counted a whole grid cell per character: on the grid LibreOffice gives digits one each.
            room = layout.CHARS_PER_LINE - layout.FIRST_LINE_INDENT_CHARS - len(date)
            date_right = min(date_right, Decimal(room))
        return SignatureIndents(margin, date_right)
    date_right = Decimal(layout.DATE_MIN_RIGHT_CHARS)
    return SignatureIndents(date_right + date_w + shift - sig_w, date_right)
