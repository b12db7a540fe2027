"""The outline templates bundled in ``resources/templates/``; a template's ``[table]`` that names an indicator
framework gets that framework's tree and rules (``resources/frameworks/``)."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from selfeval.domain.errors import TemplateError
from selfeval.domain.outline import OutlineTemplate, load_templates
from selfeval.system.paths import templates_dir

DEFAULT_TEMPLATE_ID = "liwan-street-2024"


@lru_cache(maxsize=1)
def bundled_templates() -> dict[str, OutlineTemplate]:
    return {tid: with_framework(t) for tid, t in load_templates(templates_dir()).items()}


def with_framework(template: OutlineTemplate) -> OutlineTemplate:
    """The template with the framework its ``[table]`` names put in (its own orientation and 执行率说明线 kept)."""
    table = template.table
    if table is None or table.groups or not table.framework:
        return template
    from selfeval.bundled.frameworks import bundled_frameworks

    framework = bundled_frameworks().get(table.framework)
    if framework is None:
        raise TemplateError(f"大纲模板 {template.id} 所用的指标框架“{table.framework}”不存在。")
    rules = replace(framework.rules, low_execution_percent=table.rules.low_execution_percent)
    return replace(template, table=replace(framework.with_layout(table), rules=rules))


def get_template(template_id: str | None = None) -> OutlineTemplate:
    templates = bundled_templates()
    tid = template_id or DEFAULT_TEMPLATE_ID
    if tid not in templates:
        raise TemplateError(f"找不到大纲模板“{tid}”。")
    return templates[tid]
