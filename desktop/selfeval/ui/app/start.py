"""Starting the desktop application: ``run(db_path, report_id)`` (called by the CLI).

Qt is imported only here and below, so ``selfeval list/sample/import/export`` never load it.
"""

from __future__ import annotations

import gc
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from selfeval.domain.errors import UserError
from selfeval.system.paths import resources_dir
from selfeval.store import Store
from selfeval.store.errors import StoreDamaged, StoreReadOnly
from selfeval.store.location import resolve_path
from selfeval.ui.widgets import dialogs
from selfeval.ui.app.crash_log import CrashReporter
from selfeval.ui.app.instance_lock import BUSY, InstanceChannel, InstanceLock
from selfeval.ui.window.main_window import MainWindow
from selfeval.ui.app.settings import AppSettings
from selfeval.ui.app.translations import install_qt_translations

if TYPE_CHECKING:
    from selfeval.ui.app.run_marker import RunMarker
    from selfeval.ui.app.signals import SignalCloser

ORGANIZATION = "selfeval"
APPLICATION = "selfeval"

# Fonts that show Simplified Chinese well, best first (Windows, macOS, Kylin/UOS, other Linux).
CJK_UI_FONTS = (
    "Microsoft YaHei UI", "Microsoft YaHei", "微软雅黑", "PingFang SC", "Noto Sans CJK SC",
    "Noto Sans SC", "Source Han Sans SC", "思源黑体", "WenQuanYi Micro Hei", "文泉驿微米黑",
    "WenQuanYi Zen Hei", "Droid Sans Fallback", "SimSun", "宋体", "AR PL UMing CN",
)

# Garbage collection, paused for the start, resumes at the first paint, or after this long at the latest.
GC_PAUSE_LIMIT_MS = 5000

BACKGROUND_CHECK_POLL_MS = 500
IN_USE_TITLE = "文件正在使用"
NO_ACCESS_TITLE = "文件只能读取"
READ_ONLY_FILE_TEXT = ("数据文件“{path}”是只读文件（已设置只读属性或没有写入权限）。\n"
                       "本窗口以只读方式打开：可以查看和导出，不能修改。")


def ensure_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication, created once with the settings that must precede it (high-DPI rounding)."""
    app = QApplication.instance()
    if app is None:
        # 125 %/150 % scaling stays exact (not rounded to 100 %/200 %): Qt 6's default rounding policy,
        # PassThrough, unless the user's QT_SCALE_FACTOR_ROUNDING_POLICY says otherwise.
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    # No application display name: Qt appends it to every window's title (「导出 Word 文档 — 绩效自评编制工具」),
    # which cut a dialog's own title at 1366×768; the main window names the program in its own title.
    return app


def set_app_icon(app: QApplication) -> None:
    """The windows' icon (title bar, task bar), set once the window shows: QIcon's class alone costs
    more start-up time than the icon is worth for the few milliseconds before the first paint."""
    icon = app_icon()
    if not icon.isNull():
        app.setWindowIcon(icon)


def app_icon():
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for path in sorted((resources_dir() / "icons").glob("selfeval-*.png")):
        icon.addFile(str(path))
    return icon


def chinese_font_families() -> list[str]:
    available = set(QFontDatabase.families())
    return [f for f in CJK_UI_FONTS if f in available]


def apply_fonts(app: QApplication) -> QFont:
    """A UI font whose fallback shows Chinese, keeping the system's size."""
    font = QFont(app.font())
    families = chinese_font_families()
    if families:
        base = font.family()
        font.setFamilies(families[:2] + ([base] if base not in families else []))
        app.setFont(font)
    return app.font()


class RunningApp:
    """What one window holds open: the store, its lock and the window; ``close()`` lets them go."""

    def __init__(self, window: MainWindow, store: Store, lock: InstanceLock, settings: AppSettings) -> None:
        self.window, self.store, self.lock, self.settings = window, store, lock, settings
        self.marker: RunMarker | None = None  # a writable session's "still running" mark (mark_running)
        self.channel: InstanceChannel | None = None  # where a second start hands its request (serve_requests)
        self.ended = False
        # The file the window is to start again on (a damaged file restored, or recovered into a new one).
        self.restart_path: Path | None = None

    def restart(self, path: Path) -> None:
        """Closes this window and has ``run`` start the app again on ``path`` (its event loop ends with its
        last window)."""
        self.restart_path = Path(path)
        self.window.close()

    def offer_damaged(self) -> None:
        """The damaged file's question (views/damaged_file_dialog), once the window shows what could be read."""
        from selfeval.ui.views import damaged_file_dialog

        damage = getattr(self.store, "damage", None)
        if damage is not None and not self.ended:
            damaged_file_dialog.offer(self.window, self.store.path, damage.backup, damage.salvage, self.restart,
                                      app_lock_is_ours=self.lock.held)

    def remove_leftovers(self) -> None:
        """What killed operations of this program left behind: its stale temporary folders, and beside a file
        it writes, half-made backups (only its own, by name and age)."""
        from selfeval.store.backups import remove_leftovers
        from selfeval.system.temp_leftovers import remove_stale

        remove_stale()
        if not self.store.read_only:
            remove_leftovers(self.store.path)

    def watch_background_check(self) -> None:
        """A file too large to check within the open-time budget (store/integrity.py) is checked on a thread:
        when that finds damage, the window saves nothing more and starts again on the damaged file's path."""
        from selfeval.store import integrity

        job = integrity.pending(self.store.path)
        if job is None or self.ended:
            return
        if not job.done:
            QTimer.singleShot(BACKGROUND_CHECK_POLL_MS, self.watch_background_check)
        elif job.result.damaged:
            self.restart(self.store.path)

    def serve_requests(self) -> bool:
        """Listens for a second start of the program on this file (a double-click on a .selfeval file, the
        menu, ``selfeval --open``): it hands its request over and exits; this window comes to the front and
        does it. Only the window that owns the file (writable) listens."""
        if self.channel is not None or self.ended or self.read_only:
            return False
        channel = InstanceChannel(self.store.path)
        if not channel.listen():
            return False
        channel.request.connect(lambda request: handle_request(self, request))
        self.channel = channel
        return True

    def mark_running(self) -> None:
        """Marks the file's session as running (once the window shows); after a session on this file
        that did not end cleanly, tells the user once."""
        if self.marker is not None or self.ended:  # marked already, or closed before it showed
            return
        from selfeval.ui.app.run_marker import RunMarker

        self.marker = RunMarker(self.store.path)
        if self.marker.begin() is not None:
            tell_unclean_end(self.window, self.store)

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    def close(self) -> None:
        self.window.flush()
        self.window.close()
        self.end()

    def end(self) -> None:
        """The window has closed: let the file go, and mark the session as ended cleanly."""
        self.ended = True
        if self.channel is not None:
            self.channel.close()
            self.channel = None
        self.store.close()
        self.lock.release()
        if self.marker is not None:
            self.marker.end()


def read_only_file(path: Path) -> bool:
    """An existing file that must not be written: no write permission bit (a read-only attribute on
    Windows) or none for this user. The bits count even for root, whom ``os.access`` lets write anything."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(path, os.W_OK)


HANDED = "handed"  # open_store/start: the request went to the window that owns the file


def open_store(db_path: Path | None, request: dict | None = None):
    """Opens the file for writing when no other instance holds it and it may be written, else
    read-only (telling the user why). With ``request``, a file another window owns gets the request
    instead (``HANDED``): that window may still be starting, so it is given a few seconds to answer."""
    path, _chosen = resolve_path(db_path)
    lock = InstanceLock(path)
    if read_only_file(path):
        return _open_read_only(path, lock, READ_ONLY_FILE_TEXT.format(path=path))
    if not lock.try_lock():
        if not path.exists():
            dialogs.error(None, "无法打开数据文件",
                          f"无法在“{path.parent}”中创建数据文件，请检查该文件夹是否存在并可以写入。")
            return None
        if lock.failure == BUSY:
            if request is not None and hand_over(path, request, wait_s=HAND_OVER_WAIT_S):
                return HANDED
            return _open_read_only(path, lock, (
                f"数据文件“{path}”正在被另一个窗口使用。\n"
                "为避免两处同时修改，本窗口以只读方式打开：可以查看和导出，不能修改。"), title=IN_USE_TITLE)
        return _open_read_only(path, lock, (
            f"数据文件“{path}”所在的文件夹不能写入。\n本窗口以只读方式打开：可以查看和导出，不能修改。"))
    try:
        store = Store.open(path)
    except StoreDamaged as exc:  # shown read-only from what can be read; the lock kept for a restore
        return _open_damaged(path, lock, exc)
    except StoreReadOnly:  # the file system said no (an attribute or medium the checks above miss)
        lock.release()
        return _open_read_only(path, lock, READ_ONLY_FILE_TEXT.format(path=path))
    except UserError as exc:
        lock.release()
        dialogs.error(None, "无法打开数据文件", str(exc))
        return None
    return store, lock


def _open_read_only(path: Path, lock: InstanceLock, notice: str, *,
                    title: str = NO_ACCESS_TITLE) -> tuple[Store, InstanceLock] | None:
    """The file opened read-only (an older file is upgraded in memory only), after the notice."""
    lock.release()  # a reader holds no lock: the holder, if any, keeps it
    dialogs.warn(None, title, notice)
    try:
        store = Store.open(path, read_only=True, upgrade_copy=True)
    except StoreDamaged as exc:
        return _open_damaged(path, lock, exc)
    except UserError as exc:
        dialogs.error(None, "无法打开数据文件", str(exc))
        return None
    return store, lock


class Damage(NamedTuple):
    backup: Path | None  # the newest whole automatic backup
    salvage: str  # what could be read, in Chinese


def _open_damaged(path: Path, lock: InstanceLock, damage: StoreDamaged) -> tuple[Store, InstanceLock] | None:
    """A damaged file: what SQLite can read of it, copied row by row into memory and shown read-only (the
    file itself only read); ``RunningApp.offer_damaged`` then asks what to do."""
    from selfeval.store.recover import salvage_in_memory

    try:
        conn, salvage = salvage_in_memory(path)
    except UserError as exc:
        lock.release()
        dialogs.error(None, "无法打开数据文件", f"{damage}\n\n{exc}")
        return None
    store = Store(conn, path, read_only=True)
    store.damage = Damage(damage.backup, salvage.describe())
    return store, lock


def _usable(store: Store, report_id: int | None) -> bool:
    if report_id is None:
        return False
    try:
        return store.info(report_id).deleted_at is None
    except UserError:
        return False


def start(db_path: Path | None = None, report_id: int | None = None,
          settings: AppSettings | None = None, request: dict | None = None):
    """Opens the store and the window on ``report_id``, else the last report (settings), else the last
    edited; on an empty file offers to create one once the window shows. None: the file cannot be used.
    ``HANDED``: another window owns the file and took ``request``."""
    ensure_app()
    opened = open_store(db_path, request)
    if opened is None or opened == HANDED:
        return opened
    store, lock = opened
    settings = settings if settings is not None else AppSettings()
    window = MainWindow(store, settings)
    if report_id is not None:
        window.open_report(report_id)  # tells the user if it does not exist
    if window.report_id is None:
        for candidate in (settings.last_report(store.path), store.last_edited()):
            if _usable(store, candidate) and window.open_report(candidate):
                break
    if window.report_id is None:
        window.show_empty_page()
        if not store.list_reports() and not store.read_only:
            window.after_first_paint(window.offer_first_report)
    running = RunningApp(window, store, lock, settings)
    if not store.read_only:
        window.after_first_paint(running.mark_running)  # a file written: not on the way to the first paint
        window.after_first_paint(running.watch_background_check)
    window.after_first_paint(running.remove_leftovers)
    if getattr(store, "damage", None) is not None:
        window.after_first_paint(running.offer_damaged)
    return running


def last_saved(store: Store):
    """When anything in the file was last saved (aware UTC), or None for a file without reports."""
    try:
        times = [i.updated_at for deleted in (False, True) for i in store.list_reports(deleted=deleted)]
    except UserError:
        return None
    times = [t for t in times if t is not None]
    return max(times) if times else None


def tell_unclean_end(window: MainWindow, store: Store) -> None:
    """Once, after a session on this file that did not end cleanly."""
    from selfeval.ui.app.run_marker import UNCLEAN_TITLE, unclean_end_message

    dialogs.inform(window, UNCLEAN_TITLE, unclean_end_message(last_saved(store)))


def close_on_signal(window: MainWindow, app: QApplication) -> None:
    """SIGTERM/SIGINT: close as the user would (the window saves what is pending), then leave."""
    if window.close():
        app.quit()


def close_on_signals(window: MainWindow, app: QApplication) -> SignalCloser:
    from selfeval.ui.app.signals import SignalCloser

    return SignalCloser(lambda: close_on_signal(window, app))


def _fonts_notice(running: RunningApp) -> None:
    from selfeval.ui.app import fonts_notice  # after the first paint: not on the way to it

    if running.window.isVisible():
        fonts_notice.show_once(running.window, running.settings)


HAND_OVER_WAIT_S = 5.0


def hand_over(path: Path, request: dict, wait_s: float = 0.0) -> bool:
    """Gives ``request`` to the window that owns ``path`` (``session.owner``); with ``wait_s``, tries again
    for that long (the owner may be starting and not listening yet). True when it took it."""
    import time

    from selfeval.session import owner

    deadline = time.monotonic() + wait_s
    while True:
        if owner.hand_over(path, request) is not None:
            return True
        if time.monotonic() >= deadline or owner.window_holder(path) is None:
            return False
        time.sleep(0.1)


def desktop_request(open_file: Path | None, report_id: int | None) -> dict:
    return {"open": str(Path(open_file).expanduser().absolute()) if open_file is not None else None,
            "report": report_id}


def handle_request(running: RunningApp, request: dict) -> None:
    """A second start handed over: come to the front, then merge its exchange file (with the usual preview
    and questions) or show its report."""
    window = running.window
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
    file, report = request.get("open"), request.get("report")
    if isinstance(file, str) and file:
        QTimer.singleShot(0, lambda: open_exchange_file(running, Path(file)))
    elif isinstance(report, int) and not isinstance(report, bool) and report > 0 and report != window.report_id:
        window.open_report(report)


def open_exchange_file(running: RunningApp, path: Path) -> None:
    """A .selfeval file given on the command line (a double click): merge it, then show its report."""
    from selfeval.ui.views import exchange_actions

    window = running.window
    done = exchange_actions.unpack_file(window, window.session, path)
    if done is not None and done[0] != window.report_id:
        window.open_report(done[0])


def run(db_path: Path | None = None, report_id: int | None = None, open_file: Path | None = None) -> int:
    # No cyclic garbage collection until the window shows (the CLI pauses it before importing Qt): all the
    # start builds lives on, and collecting it would cost the first paint about 7 ms.
    gc.disable()
    try:
        return _run(db_path, report_id, open_file)
    finally:
        gc.enable()


def _run(db_path: Path | None, report_id: int | None, open_file: Path | None) -> int:
    # A window that owns this file already: it takes the request (a double-click on a .selfeval file while the
    # program is open) and comes to the front; this process ends here, before any window of its own.
    path, _chosen = resolve_path(db_path)
    request = desktop_request(open_file, report_id)
    if hand_over(path, request):
        return 0
    app = ensure_app()
    translators = install_qt_translations(app)
    apply_fonts(app)
    crash = CrashReporter().install()
    try:
        running = start(db_path, report_id, request=request)
        if running is None:
            return 1
        if running == HANDED:
            return 0
        running.window.show()
        # Listening for a second start of the program: the first thing after the first paint.
        running.window.after_first_paint(running.serve_requests, first=True)
        running.window.after_first_paint(gc.enable, first=True)
        QTimer.singleShot(GC_PAUSE_LIMIT_MS, gc.enable)  # a window started minimized paints only when restored
        running.window.after_first_paint(lambda: set_app_icon(app))
        if open_file is not None and not running.read_only:
            running.window.after_first_paint(lambda: open_exchange_file(running, open_file))
        running.window.after_first_paint(lambda: _fonts_notice(running))
        # Signals are caught from the first paint on, before anything else the start left for then (the
        # stdlib's signal module builds its enums on import): a SIGTERM before the window shows ends the
        # process as usual, with nothing typed yet to save.
        closers: list[SignalCloser] = []
        running.window.after_first_paint(lambda: closers.append(close_on_signals(running.window, app)),
                                         first=True)
        try:
            code = app.exec()
        finally:
            for closer in closers:
                closer.uninstall()
        running.window.flush()
        running.end()
        if running.restart_path is not None:  # a damaged file restored or recovered: start again on it
            return _run(running.restart_path, None, None)
        return int(code)
    finally:
        crash.uninstall()
        for translator in translators:
            app.removeTranslator(translator)
