"""The ``selfeval`` command: the desktop app with no subcommand, else list/sample/import/export/check/….

Exit codes: 0 done; 1 unexpected error (details in the log file); 2 a user error or a usage
mistake (one Chinese line on stderr); 3 the desktop app cannot start (no Qt); 4 ``unpack`` found
sections changed on both sides and changed nothing.
This module must not import Qt, and keeps its imports light so the command starts fast.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import sys

from selfeval import APP_DISPLAY_NAME, __version__
from selfeval.cli import argparse_zh
from selfeval.domain.errors import UserError

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_USER_ERROR = 2
EXIT_NO_DESKTOP = 3
DEBUG_ENV = "SELFEVAL_DEBUG"
PROG = "selfeval"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one Chinese line, no usage dump
        print(f"{PROG}：命令参数有误：{message}。运行 {PROG} --help 查看用法。", file=sys.stderr)
        raise SystemExit(EXIT_USER_ERROR)


# Digits as typed: ASCII or full width (a Chinese input method); not "1_0" or other scripts' digits,
# which Python's int() would take.
_DIGITS = re.compile(r"^\s*[0-9０-９]+\s*$")
# SQLite's largest integer: no report id is larger, and larger numbers cannot even be looked up.
MAX_ID = 2**63 - 1


def _whole_number(text: str) -> int:
    return int(text) if _DIGITS.match(text) else 0


def _report_id(text: str) -> int:
    value = _whole_number(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"报告编号应为正整数，而不是“{text}”")
    if value > MAX_ID:
        raise argparse.ArgumentTypeError(f"报告编号“{text}”过大")
    return value


def _positive(text: str) -> int:
    value = _whole_number(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"应为正整数，而不是“{text}”")
    return min(value, MAX_ID)


# The options of a start without a subcommand: the desktop window.
DESKTOP_OPTIONS = ("--db", "--report", "--open")


def _add_desktop_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="路径", help="使用指定的数据库文件")
    parser.add_argument("--report", metavar="编号", type=_report_id, help="打开（或操作）指定编号的报告")
    parser.add_argument("--open", metavar="交换文件", dest="open_file",
                        help="打开桌面程序并合并该 .selfeval 交换文件（双击交换文件时使用）")


def desktop_args(argv: list[str]) -> argparse.Namespace | None:
    """The options of a desktop start when ``argv`` holds nothing else (``--db 路径``, ``--report=3``),
    read by a parser of these options alone: the full parser, every subcommand in it, costs each start
    of the window about 3 ms. None for anything else (a subcommand, --help, a value missing): the full
    parser reads that, and says what is wrong as it always has."""
    i = 0
    while i < len(argv):
        name, equals, _ = argv[i].partition("=")
        if name not in DESKTOP_OPTIONS:
            return None
        i += 1 if equals else 2
    if i > len(argv):
        return None
    argparse_zh.install()
    parser = _Parser(prog=PROG, add_help=False)
    _add_desktop_options(parser)
    args = parser.parse_args(argv)
    args.command = None
    return args


def build_parser() -> argparse.ArgumentParser:
    from selfeval.cli import (  # not for a start of the window
        commands, exchange_commands, merge_back_commands, recover_commands, summary_commands, table_commands)

    argparse_zh.install()
    parser = _Parser(
        prog=PROG,
        description=f"{APP_DISPLAY_NAME}：编制部门整体支出绩效自评表说明，并按 GB/T 9704-2012 版式导出 Word 文档。"
                    "不带子命令时打开桌面程序。",
        epilog="数据库位置：--db 指定的文件；否则环境变量 SELFEVAL_DB；否则用户数据文件夹中的 selfeval.db。",
    )
    _add_desktop_options(parser)
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}",
                        help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="子命令", title="子命令", parser_class=_Parser)

    p = sub.add_parser("list", help="列出数据库中的报告", description="列出数据库中的报告。")
    p.add_argument("--deleted", action="store_true", help="列出回收站中的报告")
    p.set_defaults(func=commands.cmd_list)

    p = sub.add_parser("templates", help="列出可用的大纲模板", description="列出可用的大纲模板。")
    p.set_defaults(func=commands.cmd_templates)

    p = sub.add_parser("frameworks", help="列出可用的指标框架（自评表的一级、二级指标和评分规则）",
                       description="列出可用的指标框架：自评表的一级、二级指标、分值和评分规则。")
    p.set_defaults(func=table_commands.cmd_frameworks)

    p = sub.add_parser("sample", help="添加内置的示例报告（已有则不重复添加），最后一行输出其编号",
                       description="添加内置的 2024 年度昌华街道示例报告；同单位同年度的报告已存在时不重复添加。"
                                   "标准输出的最后一行是报告编号。")
    p.set_defaults(func=commands.cmd_sample)

    p = sub.add_parser("import", help="导入以往的说明（Word、PDF 或文本文件），最后一行输出新报告的编号",
                       description="导入以往的说明为新报告：Word 文档（.docx）、有文字层的 PDF，或 UTF-8/GBK/GB18030 "
                                   "编码的文本，按文件内容识别格式；自动选择最吻合的大纲模板。提示信息输出到标准错误，"
                                   "标准输出的最后一行是新报告的编号。同一单位同一年度的报告已存在时不重复导入。")
    p.add_argument("file", metavar="文件", help="要导入的文件（.docx、.pdf 或 .txt）")
    p.add_argument("--template", metavar="模板", help="指定大纲模板（运行 selfeval templates 查看），不自动选择")
    p.add_argument("--preview", action="store_true", help="只显示识别出的标题、章节和对应关系，不导入")
    p.add_argument("--duplicate", action="store_true", help="同一单位同一年度的报告已存在时仍导入为新报告")
    p.add_argument("--merge", action="store_true",
                   help="把本程序导出、在 Word/WPS 中修改过的文档合并回原报告（三方比较），最后一行输出该报告的编号；"
                        "修订未用 --accept-changes/--reject-changes 处理、或两边都改过的内容未用 --take 选择时，"
                        "列出它们且不做任何修改（退出码 4）")
    p.add_argument("--take", choices=("theirs", "mine"),
                   help="与 --merge 一起用：导出后本机和文档中都改过的内容，theirs 采用文档中的，mine 保留本机的")
    changes = p.add_mutually_exclusive_group()
    changes.add_argument("--accept-changes", action="store_true", help="与 --merge 一起用：接受文档中的全部修订")
    changes.add_argument("--reject-changes", action="store_true", help="与 --merge 一起用：拒绝文档中的全部修订")
    p.add_argument("--keep-comments", action="store_true",
                   help="与 --merge 一起用：把文档中的批注作为备注保存在所在章节")
    # ``import FILE --merge`` merges an exported document back (merge_back_commands); plain ``import`` makes a report
    p.set_defaults(func=lambda args: (merge_back_commands.cmd_merge_back if args.merge else commands.cmd_import)(args))

    p = sub.add_parser("new-year", help="从上年报告新建本年度报告，最后一行输出新报告的编号",
                       description="按指定报告新建下一年度的报告：正文和结构全部复制，预算和指标数据改为引用新的自评表并标记为"
                                   "“待填”，其余上年数据标记为“待核对”，"
                                   "审核说明不带入（与“报告管理”中的“从上年报告新建”相同）。")
    p.add_argument("report_id", metavar="编号", type=_report_id, nargs="?", help="上年报告的编号（默认用 --report）")
    p.add_argument("--duplicate", action="store_true", help="下一年度的报告已存在时仍新建一份")
    p.set_defaults(func=commands.cmd_new_year)

    p = sub.add_parser("backup", help="把数据库备份到指定文件（如 U 盘）",
                       description="把整个数据库备份到指定文件（如 U 盘上的文件），输出写入的文件路径。")
    p.add_argument("-o", "--output", metavar="备份文件", required=True, help="要写入的备份文件")
    p.set_defaults(func=commands.cmd_backup)

    p = sub.add_parser("restore", help="从备份文件恢复数据库（恢复前自动备份当前数据库）",
                       description="用备份文件替换当前数据库。恢复前先检查备份文件，并把当前数据库备份到其旁边的 "
                                   "backups 文件夹。桌面程序打开着该数据库时不能恢复。")
    p.add_argument("file", metavar="备份文件", help="要恢复的备份文件")
    p.set_defaults(func=commands.cmd_restore)

    p = sub.add_parser("pack", help="把报告或其中的章节导出为交换文件（.selfeval），交给其他电脑合并",
                       description="把整份报告（或用 --section 选定的章节）连同修改来历导出为交换文件，"
                                   "在另一台电脑上用 selfeval unpack 合并。输出写入的文件路径。")
    p.add_argument("report_id", metavar="编号", type=_report_id, help="报告编号")
    p.add_argument("-o", "--output", metavar="交换文件", required=True, help="要写入的 .selfeval 文件")
    p.add_argument("--section", metavar="章节", action="append",
                   help="只导出这一章节（章节代号或标题，可重复；“自评表”导出自评表）；不指定时导出整份报告（含自评表）")
    p.set_defaults(func=exchange_commands.cmd_pack)

    p = sub.add_parser("unpack", help="合并交换文件（.selfeval）：两边都改过的章节需选择",
                       description="合并交换文件：只有对方改过的章节和自评表的行（预算、目标、三级指标）采用对方的，"
                                   "只有本机改过的保留本机的；两边都改过的会列出并且不做任何修改（退出码 4），"
                                   "除非用 --take 指定保留哪一边。数据库中"
                                   "没有这份报告时，交换文件导入为新报告（只含部分章节时，其余章节标为由其他科室填写）。最后一行输出报告编号。")
    p.add_argument("file", metavar="交换文件", help="要合并的 .selfeval 文件")
    p.add_argument("--take", choices=("theirs", "mine"),
                   help="两边都改过的章节和自评表的行：theirs 采用对方的，mine 保留本机的")
    p.set_defaults(func=exchange_commands.cmd_unpack)

    p = sub.add_parser("export", help="把报告导出为 Word 文档（.docx）或 PDF",
                       description="把报告按 GB/T 9704-2012 版式导出为 Word 文档（.docx），输出写入的文件路径。"
                                   "输出文件名以 .pdf 结尾时导出 PDF（由本机安装的 LibreOffice 转换，与打印效果一致）。")
    p.add_argument("report_id", metavar="编号", type=_report_id, nargs="?", help="报告编号（默认用 --report）")
    p.add_argument("-o", "--output", metavar="输出文件", required=True,
                   help="要写入的 .docx 或 .pdf 文件（按扩展名决定格式）")
    p.add_argument("--table", action="store_true", help="自评表与说明在同一文档中：先自评表（单独成页），后说明")
    p.add_argument("--landscape", action="store_true",
                   help="自评表用横向页面（单独一节，页码位置与其他页一致）；默认按大纲模板的设置")
    p.add_argument("--two-files", action="store_true",
                   help="与 --table 一起用：自评表另存为一个文件（“<文件名>（自评表）.docx”或 .pdf），说明为另一个文件")
    p.set_defaults(func=commands.cmd_export)

    p = sub.add_parser("check-layout", help="检查任一 Word 文档（.docx）是否符合 GB/T 9704-2012 公文格式",
                       description="检查 Word 文档（.docx，本程序导出的或其他软件制作的）的纸张、页边距、"
                                   "行数字数、标题与正文字体字号、行距、缩进和页码是否符合 GB/T 9704-2012；"
                                   "每处不符合输出一行（注明条款）。全部符合时退出状态为 0，否则为 1。")
    p.add_argument("file", metavar="文件", help="要检查的 .docx 文件")
    p.set_defaults(func=commands.cmd_check_layout)

    p = sub.add_parser("export-table", help="把报告的自评表导出为 Excel 文件（.xlsx）或单独的 Word 文档",
                       description="把报告的部门整体支出绩效自评表按全国通用格式导出为 Excel 文件（.xlsx）；"
                                   "输出文件名以 .docx 结尾时导出为单独的 Word 文档。输出写入的文件路径。")
    p.add_argument("report_id", metavar="编号", type=_report_id, nargs="?", help="报告编号（默认用 --report）")
    p.add_argument("-o", "--output", metavar="输出文件", required=True,
                   help="要写入的 .xlsx 文件（以 .docx 结尾时为 Word 文档）")
    p.add_argument("--landscape", action="store_true",
                   help="导出 Word 文档时用横向页面；默认按大纲模板的设置")
    p.set_defaults(func=table_commands.cmd_export_table)

    p = sub.add_parser("import-table", help="从 Excel 文件（.xlsx）导入报告的自评表",
                       description="从本程序导出格式的 Excel 文件（.xlsx）导入报告的自评表（可撤销）。逐行检查，"
                                   "有任何一行不合格时整个文件都不导入，并列出每处问题及其行号。")
    p.add_argument("report_id", metavar="编号", type=_report_id, help="报告编号")
    p.add_argument("file", metavar="文件", help="要导入的 .xlsx 文件")
    p.set_defaults(func=table_commands.cmd_import_table)

    p = sub.add_parser("set-framework", help="改用另一个指标框架给报告的自评表评分（可撤销）",
                       description="把报告的自评表改为另一个指标框架（见 frameworks 子命令）的指标和评分规则；"
                                   "同名的三级指标保留已填写的完成值和得分。有三级指标无处安放时不做修改，"
                                   "除非加 --drop。")
    p.add_argument("report_id", metavar="编号", type=_report_id, help="报告编号")
    p.add_argument("framework", metavar="框架", help="指标框架的名称（如 mof-2013）")
    p.add_argument("--drop", action="store_true", help="新框架中没有对应位置的三级指标直接删去")
    p.set_defaults(func=table_commands.cmd_set_framework)

    p = sub.add_parser("history", help="列出报告的修改历史", description="列出报告的修改历史（最新的在前）。")
    p.add_argument("report_id", metavar="编号", type=_report_id, nargs="?", help="报告编号（默认用 --report）")
    p.add_argument("--limit", metavar="条数", type=_positive, default=50, help="最多列出多少条（默认 50）")
    p.set_defaults(func=commands.cmd_history)

    p = sub.add_parser("check", help="审核报告，逐条列出错误、警告和提示",
                       description="审核报告：每条结果一行（级别、位置、说明）；有上一年度同单位的报告时一并比对。"
                                   "仍有“错误”时退出状态为 1，否则为 0。不修改数据库。")
    p.add_argument("report_id", metavar="编号", type=_report_id, nargs="?", help="报告编号（默认用 --report）")
    p.add_argument("--json", action="store_true",
                   help="以 JSON 输出（每条含 rule、severity、section、message、excerpt 等）")
    p.set_defaults(func=commands.cmd_check)

    p = sub.add_parser("recover", help="把已损坏的数据库中还能读出的内容抢救到新文件",
                       description="数据库文件已损坏时，逐表逐行读出还能读取的报告、章节和修改记录，写入一个新的"
                                   "数据库文件（不覆盖已有文件）；损坏的文件本身只读不写。输出写入的文件路径。")
    p.add_argument("-o", "--output", metavar="新文件", required=True, help="要写入的新数据库文件")
    p.set_defaults(func=recover_commands.cmd_recover)

    summary_commands.add_parser(sub, _Parser)
    return parser


def _no_display() -> bool:
    """On Linux, Qt aborts the process when there is no display: say so in Chinese instead."""
    if not sys.platform.startswith("linux"):
        return False
    return not any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def run_desktop(args: argparse.Namespace) -> int:
    """Start the desktop app; Qt is imported only here."""
    from pathlib import Path

    if _no_display():
        print(f"{PROG}：找不到图形显示环境（未设置 DISPLAY 或 WAYLAND_DISPLAY），无法打开桌面程序。"
              f"命令行功能仍可使用，运行 {PROG} --help 查看。", file=sys.stderr)
        return EXIT_NO_DESKTOP
    # No cyclic garbage collection while the window starts: what it builds lives on, and collecting takes
    # about 7 ms of the start (tests/bench/bench_startup.py). ``run`` collects again once the window shows.
    gc.disable()
    try:
        from selfeval.ui.app.start import run
    except ImportError as exc:
        gc.enable()
        if os.environ.get(DEBUG_ENV) == "1":
            raise
        missing = getattr(exc, "name", "") or ""
        if missing.startswith(("PySide6", "shiboken6")) or "Qt" in str(exc) or "lib" in str(exc):
            reason = "缺少图形界面组件（PySide6/Qt）或系统图形库"
        else:
            reason = "桌面程序模块不可用"
        print(f"{PROG}：无法启动桌面程序：{reason}。命令行功能仍可使用，运行 {PROG} --help 查看。",
              file=sys.stderr)
        return EXIT_NO_DESKTOP
    db_path = Path(args.db).expanduser() if args.db else None
    open_file = Path(args.open_file).expanduser() if args.open_file else None
    try:
        return int(run(db_path, args.report, open_file) or 0)
    finally:
        gc.enable()


def _protect_output() -> None:
    # Never crash on a console that cannot show a character.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _protect_output()
    debug = os.environ.get(DEBUG_ENV) == "1"
    args = None
    try:
        args = desktop_args(argv) or build_parser().parse_args(argv)
        if args.command is None:
            return run_desktop(args)
        code = args.func(args)
        if sys.stdout is not None:  # None when started with stdout closed, or windowed on Windows
            sys.stdout.flush()
        return code
    except SystemExit as exc:  # argparse: --help, --version, usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_USER_ERROR
    except UserError as exc:
        if debug:
            raise
        print(f"{PROG}：{exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print(f"{PROG}：已取消。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. "| head"): nothing more to say.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for the user
        if debug:
            raise
        if "sqlite3" in sys.modules:  # a damaged page met in the middle of a command: say so, not 「意外」
            from selfeval.cli.recover_commands import damaged_message

            damaged = damaged_message(args, exc)
            if damaged is not None:
                print(f"{PROG}：{damaged}", file=sys.stderr)
                return EXIT_USER_ERROR
        from selfeval.system.logfile import write_error

        try:
            from selfeval.cli.common import printable

            command = printable("selfeval " + " ".join(argv))
            where = f"详细信息已写入日志文件：{write_error(command, exc)}"
        except OSError:
            where = f"日志文件也无法写入；设置环境变量 {DEBUG_ENV}=1 后重试可查看详细信息"
        # No Python exception text here (it is English): the class and the traceback are in the log.
        print(f"{PROG}：发生意外错误，操作未完成。{where}。", file=sys.stderr)
        return EXIT_UNEXPECTED


if __name__ == "__main__":
    raise SystemExit(main())
