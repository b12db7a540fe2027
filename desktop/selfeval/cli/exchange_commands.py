"""``selfeval pack`` and ``selfeval unpack``: exchange files (``.selfeval``) from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

from selfeval.cli.commands import _open_store, _readable_file, _require_db, note, out, printable

# unpack found sections changed on both sides and changed nothing (see docs/ARCHITECTURE.md, CLI).
EXIT_CONFLICTS = 4


def cmd_pack(args: argparse.Namespace) -> int:
    from selfeval.exchange import pack_report, write_exchange

    _require_db(args, args.report_id)
    with _open_store(args, write=False) as store:
        exchange = pack_report(store, args.report_id, args.section or None)
    written = write_exchange(exchange, Path(args.output).expanduser())
    parts = [f"“{s.heading or s.key}”" for s in exchange.report.sections] + (["自评表"] if exchange.has_table else [])
    what = "整份报告" if exchange.whole else "、".join(parts)
    note(f"已把{what}导出为交换文件“{printable(written.name)}”。")
    out(str(written))
    return 0


def cmd_unpack(args: argparse.Namespace) -> int:
    """Merge an exchange file: sections and 自评表 items changed only there are taken, only here kept; those
    changed on both sides are listed and nothing changes (exit 4), unless ``--take`` says which side wins."""
    from selfeval.exchange import Choice, plan_unpack, read_exchange

    # The file is read and checked before the database is opened: a refused file changes nothing.
    exchange = read_exchange(_readable_file(args.file))
    with _open_store(args) as store:
        plan = plan_unpack(store, exchange, args.report)
        note(f"交换文件“{printable(exchange.name)}”：{exchange.origin.title}，{exchange.origin.describe()}。")
        if plan.new_report:
            report_id = store.apply(plan.operation()).report_id
            note(f"数据库中还没有这份报告，已导入为新报告（编号 {report_id}）。")
            out(str(report_id))
            return 0
        conflicts = plan.conflicts
        if conflicts and args.take is None:
            for s in conflicts:
                note(f"冲突：“{s.heading or s.key}”（{s.key}）两边都改过。")
            note(f"有 {len(conflicts)} 处（章节或自评表的行）两边都改过，未做任何修改。请在桌面程序中逐个选择，"
                 "或加 --take mine（保留本机的）或 --take theirs（采用对方的）后重试。")
            return EXIT_CONFLICTS
        for line in plan.summary_lines():
            note(line)
        op = plan.operation(Choice(args.take) if args.take else None)
        record = store.apply(op) if op is not None else None
    if record is None:
        note(f"编号 {plan.target_id} 的报告已包含该交换文件的内容，没有需要修改的地方。")
    else:
        note(f"已合并到编号 {plan.target_id} 的报告（可在历史版本中撤销）：{record.summary}")
    out(str(plan.target_id))
    return 0
