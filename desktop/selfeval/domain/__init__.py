"""The report model, numbers and units, outline, layout numbers, the checks and the 自评表: plain Python, no Qt,
no SQL, no python-docx, no files (the lowest floor: tests/test_layers.py). What each module holds:

- `model.py`: `Report`, `Section`, `Entry`, `SectionKind`; `to_dict`/`from_dict` JSON form.
- `fields.py`: the report's own fields (基本信息, 版式设置, 自评表, 审核说明), each once: name, Chinese label, kind, limits, JSON form,
  validation (`report_field(name).validate(value)`); one year rule (2000–2100). The model serialises with
  it, the store's `SetField` validates with it, the history labels changes with it, the 基本信息 tab and
  the 新建 dialogs take their limits from it.
- `explanations.py`: `Explanation` (text, dismissed, and the finding it answers: severity, section key, place,
  message, excerpt), `clean_explanation` (clean_text, not empty, at most `MAX_EXPLANATION_CHARS`),
  the JSON form of the report field `"explanations"` (审核说明: finding key → Explanation; a report made
  before has none).
- `report_format.py`: `FORMAT_VERSION` of the report JSON; `upgrade(data)` runs the registered
  `@upgrade_step(n)` functions up to the current form and refuses a newer one in Chinese.
- `section_diff.py`: where a section's text first changed (undo shows it there).
- `lazy_pattern.py`: regular expressions compiled on first use (nothing compiles at import).
- `figures.py`: `Figure`, `Amount`, units 元/万元/亿元/%/counts, `parse_decimal`, `parse_amount`, `Formula`.
- `text.py`: `clean_text` (control characters, surrogates, bidirectional controls U+200E/F, U+202A–202E,
  U+2066–2069, U+061C, terminal escape sequences and ESC-less colour codes such as "[31m" — never a bracketed
  note like "[1]" —, line ends, size limit), `tidy_spacing`, `split_paragraphs`. Paste, import and the
  基本信息 fields all go through it.
- `numbering.py`: 一、（一）1.（1） headings, 一是/二是 items, parsing both ways.
- `outline.py`: outline templates (TOML in `resources/templates/`), `OutlineTemplate.new_report()`. A section's
  `prompts = { intro = "…", lead = "…", text = "…" }` are the grey examples of its empty fields; they reach
  `Section.prompts` (stored with the report, like `hint`); an editor falls back to its kind's neutral text.
- `layout.py`: every GB/T 9704 number, with its clause; `LayoutSettings` (per report variants);
  `portrait_page()`, `landscape_page()` (§8: the sheet turned, margins turned with it) and
  `landscape_page_number_box()` (where a landscape page prints its number: where the portrait pages have it).
- `document.py`: `report_blocks(report)` → the paragraphs as they print (title, numbered headings, body).
- `pagination.py`: the approximate page count and last-page fill on the 22 × 28 grid; text widths; its line
  breaking (`line_starts`), title lines and page placement (`place`) are shared with `page_sheets.py`.
- `page_sheets.py`: the approximate pages (which text prints on which grid line of which page), drawn by
  the preview when no office suite is installed.
- `carry.py`: a new report from last year's.
- `merge.py`: three-way decisions for exchange files: `section_hash`, `base_version`, `decide` → `Decision`.
- `table/merge.py`: the 自评表 merged item by item with the same decisions: `table_items(table)` (主管部门,
  the four budget rows (the total with its hand-set 得分), 预期目标, 实际完成情况, each 三级 indicator keyed
  `table:indicator/一级/二级/name`), `item_histories(states)` (hashes, `ABSENT` while an item was deleted),
  `plan_table(...)` → `TableItemMerge` (key, heading 「自评表 › …」, decision, `label`, `mine_text()`,
  `theirs_text()`), `merged_table(mine, theirs, taken_keys)`; the tree's weights and rules stay this PC's.
- `text_fields.py`: `Place` (section key, entry index, field, figure, character span) and every typed
  text field of a report in reading order; `field_text(report, place)`.
- `find_replace.py`: report-wide find and replace (pure; see "Checks").
- `checks/`: the check engine (审核), one module per rule family (see "Checks").
- `export_plan.py`: what an export of a report with a 自评表 writes: `TableChoice` (one file, table first /
  two files / 说明 only), `plan_files(target, choice, has_table)` → `PlannedFile(path, Part)` ("<name>（自评表）"
  beside the 说明's file), `table_has_content`, and for 打印预览 and the page count `pages_plan` → `PagesPlan`
  (parts in reading order, table, landscape) and `estimate_pages(report, plan)`.
- `table/form.py` (the printed form's title and column heads), `table/pages.py` (`estimate_table_pages`:
  wrapped cell lines, unsplit rows, repeated header row; portrait or landscape).
- The scored 自评表 (the report field `"table"`, stored with `SetField` like the others, history 「修改自评表」):
  `table/model.py` (`SelfEvalTable`: budget block in 万元, goals, the 一级/二级 tree and scoring rules copied from the
  template's `[table]` by `table/template.py`, 三级 `Indicator` rows, `Override` with its reason; JSON with
  Decimal strings; a report made before has an empty table and `selfeval.bundled.report_table.table_of` starts it from
  its outline), `table/checks.py` (what cannot be stored, in Chinese), `table/scoring.py` (`score_table`: 执行率得分,
  quantitative/qualitative scores, over-completion penalty, cap by execution rate, 等级, findings such as
  weights not adding to 100), `table/rows.py` (the table as rows and cells of text: typing a cell, rows,
  a pasted tab-separated block; the tab and the .xlsx reader share it), `table/figures.py` (a section
  figure with `source` quotes the table live in `report_blocks`; indicators quotable by name),
  `table/from_text.py` (an import fills the table with the figures its text states),
  `table/figures_into_table.py` (`figures_into_table(report, table) -> Outcome`: a report made before the table
  moves its spent/budget figures, recognised by `source` or by name, into the 年度资金总额 row in 万元 and
  makes them quote it, its text reading exactly as before; two amounts for one cell, or units its own rate
  contradicts, leave the report alone; store migration 0003 applies it).
- Indicator frameworks and scoring rules as data (issue 20): `table/rules.py` (`Nature`, `Level`, `Rule`:
  `NATURE` (no rule: by 指标性质, as before), `RATIO` (with `full_at`, capped), `DEDUCT` (`per` points each `step`
  beyond the target, `floor`, `whole_steps`; ≤ with target 0 is the 变动率 rule), `BANDS`, `PASS_FAIL`, `HAND`;
  `rule_score` in [0, 分值], `rule_words` (the 评分标准 column) and `rule_from_words` (words read back where
  unambiguous, published wordings included)). `Indicator.rule` (JSON `"rule"` only when set) and
  `SelfEvalTable.framework` (`""` = the 一体化 `yitihua`, every older table) need no format upgrade.
  `table/template.py` parses a framework (`parse_framework`: the `[table]` form at top level plus `id`/`name`, 三级
  `indicators` with `rule = {kind = …}`, `aliases`; `FrameworkError` in Chinese for unknown fields, weights not
  adding up, bad rules), `detect_framework` (by 一级/二级 names, then 三级 names and 一级 weights) and
  `switch_framework` (a report choosing another framework). Files: `resources/frameworks/*.toml` (`yitihua`,
  `mof-2013` the 财政部 共性框架, `district-example`), loaded by `selfeval.bundled.frameworks`; a template's
  `[table] framework = "yitihua"` is resolved by `bundled.templates.with_framework` (the domain never reads files).
"""
