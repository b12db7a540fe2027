"""Frozen build, Linux: Chinese input through fcitx with the Qt that PySide6 ships.

PySide6's wheels carry Qt's ibus input-method plugin but no fcitx one, so with the usual
QT_IM_MODULE=fcitx (UOS, Kylin) Qt finds no input method and only Latin letters can be typed.
fcitx5 also answers the ibus protocol (its ibus frontend, on by default), so in that case the
frozen program asks Qt for ibus instead. Nothing changes when a fcitx plugin is bundled or another
input method is chosen.
"""


def _pyi_rthook():
    import os
    import sys

    if not sys.platform.startswith("linux"):
        return
    if os.environ.get("QT_IM_MODULE", "").strip().lower() not in ("fcitx", "fcitx5"):
        return
    plugins = os.path.join(sys._MEIPASS, "PySide6", "Qt", "plugins", "platforminputcontexts")
    try:
        names = os.listdir(plugins)
    except OSError:
        return
    if any("fcitx" in name for name in names) or not any("ibus" in name for name in names):
        return
    # Programs the app starts (the file manager) get the user's own value back (selfeval.system.external_programs).
    os.environ["SELFEVAL_QT_IM_MODULE_ORIG"] = os.environ["QT_IM_MODULE"]
    os.environ["QT_IM_MODULE"] = "ibus"


_pyi_rthook()
del _pyi_rthook
