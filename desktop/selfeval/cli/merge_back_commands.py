"""``selfeval import EDITED.docx --merge``: a document this program exported, reviewed in Word/WPS/LibreOffice,
merged back into the report it came from (``app.merge_back``). Like ``unpack``: what needs a choice is
listed and nothing changes (exit 4) unless the options decide it — ``--accept-changes`` / ``--reject-changes``
for the tracked changes (修订), ``--take theirs|mine`` for what changed both here and in the document."""

from __future__ import annotations

import argparse

from selfeval.cli.common import EXIT_CONFLICTS, CliError, db_missing, note, open_store, out, printable, readable_file


def cmd_merge_back(args: argparse.Namespace) -> int:
    from selfeval.app.merge_back import plan_file
    from selfeval.exchange import Choice

    path = readable_file(args.file)
    if db_missing(args):
        raise CliError("数据库中还没有任何报告，无法把文档合并回报告。")
    accepted = False if args.reject_changes else True
    with open_store(args) as store:
        plan = plan_file(store, path, accepted=accepted)
        info = store.info(plan.report_id)
        note(f"文档“{printable(path.name)}”来自编号 {plan.report_id} 的报告“{info.title}”。")
        waiting = 0
        if plan.revisions and not (args.accept_changes or args.reject_changes):
            for r in plan.revisions:
                note(f"修订：{r.describe()}（{r.date or '未注明时间'}）")
            note(f"文档中有 {len(plan.revisions)} 处修订尚未处理，未做任何修改。请加 --accept-changes（全部接受）"
                 "或 --reject-changes（全部拒绝），或在桌面程序中逐条选择。")
            waiting += 1
        conflicts = plan.conflicts
        if conflicts and args.take is None:
            for item in conflicts:
                note(f"冲突：“{item.heading or item.key}”（{item.key}）导出后本机和文档中都改过。")
            note(f"有 {len(conflicts)} 处导出后本机和文档中都改过，未做任何修改。请加 --take mine（保留本机的）"
                 "或 --take theirs（采用文档中的）后重试，或在桌面程序中逐个选择。")
            waiting += 1
        if waiting:
            return EXIT_CONFLICTS
        for comment, key in plan.comment_places:
            where = f"“{plan.heading_of(key)}”" if key else "（位置未能对应到章节）"
            kept = "（已作为备注保存）" if args.keep_comments and key else ""
            note(f"批注：{where}{comment.author or '未署名'}：{comment.text}{kept}")
        for line in plan.summary_lines():
            note(line)
        op = plan.operation(Choice(args.take) if args.take else None, keep_comments=bool(args.keep_comments))
        record = store.apply(op) if op is not None else None
    if record is None:
        note(f"编号 {plan.report_id} 的报告已包含该文档的内容，没有需要修改的地方。")
    else:
        note(f"已合并到编号 {plan.report_id} 的报告（可在历史版本中撤销）：{record.summary}")
    out(str(plan.report_id))
    return 0
