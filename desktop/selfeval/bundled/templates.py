"""The outline templates bundled in ``resources/templates/``."""

from __future__ import annotations

from functools import lru_cache

from selfeval.domain.errors import TemplateError
from selfeval.domain.outline import OutlineTemplate, load_templates
from selfeval.system.paths import templates_dir

DEFAULT_TEMPLATE_ID = "liwan-street-2024"


@lru_cache(maxsize=1)
def bundled_templates() -> dict[str, OutlineTemplate]:
    return load_templates(templates_dir())


def get_template(template_id: str | None = None) -> OutlineTemplate:
    templates = bundled_templates()
    tid = template_id or DEFAULT_TEMPLATE_ID
    if tid not in templates:
        raise TemplateError(f"找不到大纲模板“{tid}”。")
    return templates[tid]
