"""``selfeval pack`` and ``selfeval unpack``: exchange files (``.selfeval``) from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

from selfeval.cli.common import EXIT_CONFLICTS, note, open_store, out, printable, readable_file, require_db

# unpack found sections changed on both sides and changed nothing (see docs/ARCHITECTURE.md, CLI).


def cmd_pack(args: argparse.Namespace) -> int:
    from selfeval.app.exchange import pack_file

    require_db(args, args.report_id)
    with open_store(args, write=False) as store:
        packed = pack_file(store, args.report_id, args.section or None, Path(args.output))
    what = "整份报告" if packed.exchange.whole else "、".join(packed.parts)
    note(f"已把{what}导出为交换文件“{printable(packed.path.name)}”。")
    out(str(packed.path))
    return 0


def cmd_unpack(args: argparse.Namespace) -> int:
    """Merge an exchange file: sections and 自评表 items changed only there are taken, only here kept; those
    changed on both sides are listed and nothing changes (exit 4), unless ``--take`` says which side wins."""
    from selfeval.app.exchange import merge, plan_merge, read_exchange_file
    from selfeval.exchange import Choice

    # The file is read and checked before the database is opened: a refused file changes nothing.
    exchange = read_exchange_file(readable_file(args.file))
    with open_store(args) as store:
        unpacking = plan_merge(store, exchange, args.report)
        plan = unpacking.plan
        note(f"交换文件“{printable(exchange.name)}”：{exchange.origin.title}，{exchange.origin.describe()}。")
        if plan.new_report:
            report_id = merge(unpacking, store.apply).report_id
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
        record = merge(unpacking, store.apply, Choice(args.take) if args.take else None)
    if record is None:
        note(f"编号 {plan.target_id} 的报告已包含该交换文件的内容，没有需要修改的地方。")
    else:
        note(f"已合并到编号 {plan.target_id} 的报告（可在历史版本中撤销）：{record.summary}")
    out(str(plan.target_id))
    return 0
