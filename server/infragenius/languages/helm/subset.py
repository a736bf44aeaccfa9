"""Which of a chart's templates can be left out when only one template's output is wanted.

Helm renders every template of a chart on every call, and on a chart such as bitnami's nginx most
of the time goes to templates other than the one being edited (its deployment alone: ~10 ms;
the whole chart: ~150 ms). A template's output depends on the chart's values, its subcharts, the
templates that ``define`` (or ``block``) named templates, and the templates it includes by path
(``include (print $.Template.BasePath "/configmap.yaml") . | sha256sum``); on nothing else. So the
other manifest templates can be left out of the copy that Helm renders, and out of ``helm lint``,
whose messages about a template are about that template alone.

When a template names another by a path that is not written out (``$.Template.BasePath .path``),
or values pass text to ``tpl`` that could, nothing is left out: the whole chart renders as before.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .provenance import is_marked

_BASE_PATH = "Template.BasePath"
_NAMED = re.compile(r'Template\.BasePath\s*"/([^"]+)"')


def left_out(relative: str, templates: Mapping[str, object], values: str) -> frozenset[str]:
    """The templates (paths relative to the chart, ``templates/x.yaml``) that the output of the
    template at ``relative`` does not depend on; empty when it may depend on all of them.
    ``templates``: the chart's own templates, path -> text or scanned ``Template``."""
    if relative not in templates or _BASE_PATH in values:
        return frozenset()
    texts = {path: _text(template) for path, template in templates.items()}
    needed = {path for path, template in templates.items() if _defines(template, texts[path])} | {relative}
    pending = list(needed)
    while pending:
        text = texts[pending.pop()]
        named = _NAMED.findall(text)
        if len(named) != text.count(_BASE_PATH):
            return frozenset()  # a path built at render time: it could be any template
        for name in named:
            path = f"templates/{name}"
            if path not in texts:
                return frozenset()  # not a template we know: let Helm say what happens
            if path not in needed:
                needed.add(path)
                pending.append(path)
    return frozenset(path for path in texts if path not in needed and (is_marked(path) or path.endswith("NOTES.txt")))


def _text(template: object) -> str:
    return template if isinstance(template, str) else getattr(template, "text", "")


def _defines(template: object, text: str) -> bool:
    """The template defines named templates (a parsed ``define``/``block``, or the word, to be safe)."""
    return bool(getattr(template, "defines", None)) or "define" in text or "{{ block" in text or "{{- block" in text
