"""Small reusable widgets: paste-cleaning text fields, the amount field, the preview, a throttle."""

from selfeval.ui.widgets.amount_field import AmountField
from selfeval.ui.widgets.plain_text import PlainLineEdit, PlainTextEdit
from selfeval.ui.widgets.preview import PreviewPane
from selfeval.ui.widgets.throttle import Throttle

__all__ = ["AmountField", "PlainLineEdit", "PlainTextEdit", "PreviewPane", "Throttle"]
