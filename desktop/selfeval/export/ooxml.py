"""WordprocessingML basics: namespaces, qualified names, units and text that XML accepts."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {"w": W_NS, "r": R_NS}

XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'

_W = "{%s}" % W_NS


def w(name: str) -> str:
    """Clark name of a ``w:`` element or attribute."""
    return _W + name


def el(parent: etree._Element | None, name: str, **attrs: str) -> etree._Element:
    """A ``w:`` element with ``w:`` attributes, appended to ``parent`` when given."""
    qattrs = {_W + k: v for k, v in attrs.items()}
    if parent is None:
        return etree.Element(_W + name, qattrs, nsmap=NSMAP)
    return etree.SubElement(parent, _W + name, qattrs)


def to_bytes(root: etree._Element) -> bytes:
    return XML_DECLARATION + etree.tostring(root, encoding="UTF-8")


# Characters XML 1.0 forbids (C0 controls but tab/LF/CR, U+FFFE/U+FFFF) and lone surrogates, which
# cannot be encoded at all. The editor cleans text on input; this is the writer's last defence.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


# Units: twips (1/20 pt) for lengths, half-points for font sizes.
_MM_PER_INCH = Decimal("25.4")


def _int(value: Decimal, rounding=ROUND_HALF_UP) -> int:
    return int(value.to_integral_value(rounding=rounding))


def mm_to_twips(mm: Decimal) -> int:
    return _int(mm * 1440 / _MM_PER_INCH)


def pt_to_twips(pt: Decimal) -> int:
    return _int(pt * 20)


def twips_to_pt(twips: int) -> Decimal:
    return Decimal(twips) / 20


def half_points(pt: Decimal) -> str:
    return str(_int(pt * 2))
