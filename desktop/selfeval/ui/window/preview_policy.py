"""Whether the preview beside the editors shows: as the user chose (F9, remembered), unless the window is too
narrow for editor and preview side by side; F9 at a narrow width shows it all the same."""

from __future__ import annotations

# Below this window width (logical pixels) editor and preview do not both fit side by side: the preview
# hides itself (F9 still shows it). 1366×768 at 125 % leaves 1093, at 150 % 910.
PREVIEW_MIN_WINDOW_WIDTH = 1000
PREVIEW_AUTO_HIDDEN = "窗口较窄，预览已隐藏；按 F9 可显示。"


class PreviewPolicy:
    def __init__(self, wanted: bool) -> None:
        self.wanted = wanted  # the user's choice
        self.forced = False  # shown at a narrow width because the user asked for it there
        self.wide: bool | None = None

    def shown(self) -> bool:
        return self.wanted and (bool(self.wide) or self.forced)

    def choose(self, wanted: bool) -> None:
        """The user pressed F9 (or the menu item)."""
        self.wanted = wanted
        self.forced = wanted and not self.wide

    def resized(self, width: int) -> bool:
        """The window is ``width`` wide now; True when that changed whether it is wide."""
        wide = width >= PREVIEW_MIN_WINDOW_WIDTH
        if wide == self.wide:
            return False
        self.wide = wide
        if wide:
            self.forced = False
        return True

    def auto_hidden(self) -> bool:
        """The user wants the preview but the width hides it: worth a word in the status bar."""
        return self.wanted and not self.shown()
