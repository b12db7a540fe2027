"""Frozen build: Qt's paths, set up only when the program imports Qt (replaces PyInstaller's PySide6 hook).

PyInstaller's own PySide6 runtime hook imports PySide6.QtCore (and so Qt and ICU) at every start, to
register a qt.conf that points Qt at the bundle. The CLI (``selfeval export`` and the rest) never uses
Qt, and paid for it on every call. This hook only sets the plugin path, which costs nothing, and defers
the rest of the same work to the moment something imports PySide6.QtCore (the window does, the CLI never).
"""


def _pyi_rthook():
    import os
    import sys

    qt_dir = os.path.join(sys._MEIPASS, "PySide6") if sys.platform.startswith("win") else os.path.join(
        sys._MEIPASS, "PySide6", "Qt")
    os.environ["QT_PLUGIN_PATH"] = os.path.join(qt_dir, "plugins")

    def configure_qt():
        from _pyi_rth_utils import qt as qt_rth_utils

        qt_rth_utils.ensure_single_qt_bindings_package("PySide6")
        qt_rth_utils.create_embedded_qt_conf("PySide6", qt_dir)

    class ConfiguringLoader:
        """Loads PySide6.QtCore as usual, then registers the bundle's qt.conf."""

        def __init__(self, loader):
            self.loader = loader

        def create_module(self, spec):
            return self.loader.create_module(spec)

        def exec_module(self, module):
            self.loader.exec_module(module)
            configure_qt()

    class QtCoreFinder:
        def find_spec(self, name, path=None, target=None):
            if name != "PySide6.QtCore":
                return None
            sys.meta_path.remove(self)
            for finder in sys.meta_path:
                spec = finder.find_spec(name, path, target) if hasattr(finder, "find_spec") else None
                if spec is not None:
                    spec.loader = ConfiguringLoader(spec.loader)
                    return spec
            return None

    sys.meta_path.insert(0, QtCoreFinder())


_pyi_rthook()
del _pyi_rthook
