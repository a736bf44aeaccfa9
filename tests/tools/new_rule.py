"""Scaffold a rule: ``make new-rule LANG=dockerfile CODE=DF134 NAME=apt-list-cleanup``.

Writes the rule module (class, code, one-line message, docstring with Bad/Good, aliases placeholder, an empty
check), its golden cases under tests/cases/<language>/<CODE>/ (bad + bad.expected + good) and prints what to do
next. The bad case's expected file starts empty, so tests/test_rule_cases.py fails until the check finds it:
write the check, then ``pytest tests/test_rule_cases.py -k CODE --update-golden`` and read the result.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Layout:
    package: str  # languages/<package>
    cases: str  # tests/cases/<cases>
    prefix: str  # code prefix
    base: str  # base class in rules/_base.py
    hook: str  # the method a rule overrides
    bad: dict[str, str]  # relative path -> text (one file: a file case; several: a folder case)
    good: dict[str, str]


CHART = "apiVersion: v2\nname: demo\nversion: 0.1.0\n"
LAYOUTS = {
    "dockerfile": Layout(
        "dockerfile",
        "dockerfile",
        "DF",
        "DockerfileRule",
        "def check_instruction(self, ins, df, ctx):",
        {"bad.Dockerfile": "FROM alpine:3.20\n"},
        {"good.Dockerfile": "FROM alpine:3.20\n"},
    ),
    "terraform": Layout(
        "terraform",
        "terraform",
        "TF",
        "TerraformRule",
        "def check_model(self, model, ctx):",
        {"bad/main.tf": 'resource "aws_s3_bucket" "b" {}\n'},
        {"good/main.tf": 'resource "aws_s3_bucket" "b" {}\n'},
    ),
    "helm": Layout(
        "helm",
        "helm",
        "HM",
        "HelmRule",
        "def check_document(self, model, ctx):",
        {"bad/Chart.yaml": CHART, "bad/values.yaml": "{}\n", "bad/templates/cm.yaml": "kind: ConfigMap\n"},
        {"good/Chart.yaml": CHART, "good/values.yaml": "{}\n", "good/templates/cm.yaml": "kind: ConfigMap\n"},
    ),
    "kubernetes": Layout(
        "kubernetes",
        "kubernetes",
        "K8",
        "K8Rule",
        "def check_resource(self, resource, manifests):",
        {"bad.yaml": "apiVersion: v1\nkind: Pod\n"},
        {"good.yaml": "apiVersion: v1\nkind: Pod\n"},
    ),
    "github-actions": Layout(
        "github_actions",
        "github-actions",
        "GA",
        "ActionsRule",
        "def check_workflow(self, wf, ctx):",
        {"bad.yml": "on: push\n"},
        {"good.yml": "on: push\n"},
    ),
    "gitlab-ci": Layout(
        "gitlab_ci",
        "gitlab-ci",
        "GL",
        "GitlabRule",
        "def check_pipeline(self, pipeline, ctx):",
        {"bad/.gitlab-ci.yml": "job:\n  script: [true]\n"},
        {"good/.gitlab-ci.yml": "job:\n  script: [true]\n"},
    ),
    "compose": Layout(
        "compose",
        "compose",
        "DC",
        "ComposeRule",
        "def check_service(self, service, model):",
        {"bad/compose.yaml": "services:\n  web:\n    image: nginx:1.27\n"},
        {"good/compose.yaml": "services:\n  web:\n    image: nginx:1.27\n"},
    ),
    "bake": Layout(
        "bake",
        "bake",
        "DC",
        "BakeRule",
        "def check_file(self, model, ctx):",
        {"bad/docker-bake.hcl": 'target "app" {}\n'},
        {"good/docker-bake.hcl": 'target "app" {}\n'},
    ),
}

TEMPLATE = '''"""{title}."""

from __future__ import annotations

from ....core.findings import Severity
from ._base import {base}


class {cls}({base}):
    """{title}.

    Why it matters: say what breaks or what an attacker gains, in two or three sentences.

    Bad:

{bad}

    Good:

{good}
    """

    code = "{code}"
    name = "{name}"
    message = "{title}"
    severity = Severity.WARNING
    aliases = ()  # the peers' codes for the same check, as "tool:CODE"; or tags = ("no-peer",)

    {hook}
        return ()  # yield self.finding(range) for each problem
'''


def scaffold(language: str, code: str, name: str, root: Path = ROOT) -> list[Path]:
    """Write the rule module and its cases under ``root``; return the paths written."""
    layout = LAYOUTS[language]
    if not re.fullmatch(rf"{layout.prefix}\d{{3}}", code):
        raise ValueError(f"{code}: a {language} rule code is {layout.prefix} and three digits")
    if not re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", name):
        raise ValueError(f"{name}: a rule name is lower-case words joined by hyphens")
    module = root / "server/infragenius/languages" / layout.package / "rules" / f"{name.replace('-', '_')}.py"
    cases = root / "tests/cases" / layout.cases / code
    if module.exists() or cases.exists():
        raise FileExistsError(f"{module if module.exists() else cases} exists already")
    files = {module: _module_text(layout, code, name)}
    files.update({cases / rel: text for rel, text in {**layout.bad, **layout.good}.items()})
    files[cases / "bad.expected"] = ""
    listing = module.with_name("__init__.py")
    if listing.is_file():  # the language imports the rule modules it lists
        files[listing] = _listed(listing.read_text("utf-8"), module.stem)
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return sorted(files)


_LIST = re.compile(r"from \. import \(  # noqa: F401\n((?:    \w+,\n)*)\)")


def _listed(init: str, module: str) -> str:
    """The rules package's ``__init__.py`` with ``module`` added to its sorted import list."""
    found = _LIST.search(init)
    if found is None:
        raise ValueError("rules/__init__.py has no 'from . import (  # noqa: F401' list to add the module to")
    names = sorted({*re.findall(r"    (\w+),", found.group(1)), module})
    block = "from . import (  # noqa: F401\n" + "".join(f"    {name},\n" for name in names) + ")"
    return init[: found.start()] + block + init[found.end() :]


def _module_text(layout: Layout, code: str, name: str) -> str:
    title = name.replace("-", " ").capitalize()
    example = next(iter(layout.bad.values()))
    indented = "\n".join(f"        {line}" for line in example.splitlines())
    cls = "".join(part.capitalize() for part in name.split("-"))
    return TEMPLATE.format(
        title=title, base=layout.base, cls=cls, code=code, name=name, hook=layout.hook, bad=indented, good=indented
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("language", choices=sorted(LAYOUTS))
    parser.add_argument("code", help="e.g. DF134")
    parser.add_argument("name", help="e.g. apt-list-cleanup")
    args = parser.parse_args(argv)
    try:
        written = scaffold(args.language, args.code, args.name)
    except (ValueError, FileExistsError) as exc:
        print(f"new-rule: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path.relative_to(ROOT)}")
    print(
        f"next: write the bad case and the check, then\n"
        f"  .venv/bin/python -m pytest tests/test_rule_cases.py -k {args.code} --update-golden\n"
        f"and read {args.code}'s bad.expected before committing (CONTRIBUTING.md, 'Adding a rule')."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
