"""SARIF 2.1.0 for code-scanning services (GitHub, Azure DevOps, GitLab).

Regions are 1-based; columns count Unicode code points (``columnKind: unicodeCodePoints``) and the end
column is exclusive, exactly like the JSON contract. Relative file names are resolved against
``%SRCROOT%`` (the working directory), so uploads work from any checkout path. Each result carries
``partialFingerprints`` that stay the same when the finding moves.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..core.document import Range
from ..core.findings import Finding, Severity
from ..core.fingerprints import VERSION, Fingerprint, fingerprints
from . import FileResult

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://infragenius.dev"
SRCROOT = "%SRCROOT%"

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFORMATION: "note", Severity.HINT: "note"}


def level(severity: Severity) -> str:
    return _LEVELS[Severity(severity)]


def region(rng: Range) -> dict:
    return {
        "startLine": rng.start.line + 1,
        "startColumn": rng.start.column + 1,
        "endLine": rng.end.line + 1,
        "endColumn": rng.end.column + 1,
    }


def artifact_location(result: FileResult) -> dict:
    name = result.filename
    if name == "-" or Path(name).is_absolute():
        return {"uri": result.document.uri}
    return {"uri": quote(name), "uriBaseId": SRCROOT}


def rule_descriptor(code: str, sample: Finding) -> dict:
    from ..core.rules import REGISTRY

    rule = REGISTRY.get(code)
    if rule is None:  # a code without a registered rule: describe it from the finding
        return {
            "id": code,
            "shortDescription": {"text": sample.message},
            "defaultConfiguration": {"level": level(sample.severity)},
        }
    docs = rule.docs()
    descriptor = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.message},
        "fullDescription": {"text": docs},
        "help": {"text": docs, "markdown": docs},
        "helpUri": rule.url(),
        "defaultConfiguration": {"level": level(rule.severity)},
        "properties": {"tags": list(rule.tags), "aliases": list(rule.aliases), "origin": rule.origin},
    }
    return descriptor


def partial_fingerprints(print_: Fingerprint) -> dict[str, str]:
    """Stable under moves (``core/fingerprints.py``): code-scanning services and the Cloud's report
    history tell new findings from old ones by them."""
    return {f"infragenius/{VERSION}": print_.partial, f"infragenius/line/{VERSION}": print_.line}


def fixes(result: FileResult, f: Finding) -> list[dict]:
    if f.fix is None:
        return []
    replacements = [{"deletedRegion": region(e.range), "insertedContent": {"text": e.new_text}} for e in f.fix.edits]
    return [
        {
            "description": {"text": f.fix.title},
            "artifactChanges": [{"artifactLocation": artifact_location(result), "replacements": replacements}],
            "properties": {"applicability": f.fix.applicability},
        }
    ]


def sarif_log(results: list[FileResult]) -> dict:
    ordered = sorted(results, key=lambda r: r.filename)
    samples: dict[str, Finding] = {}
    for r in ordered:
        for f in r.findings:
            samples.setdefault(f.code, f)
    codes = sorted(samples)
    index = {code: i for i, code in enumerate(codes)}
    sarif_results = []
    for r in ordered:
        for f, print_ in zip(r.findings, fingerprints(r.document, r.findings), strict=True):
            item = {
                "ruleId": f.code,
                "ruleIndex": index[f.code],
                "level": level(f.severity),
                "message": {"text": f.message},
                "locations": [
                    {"physicalLocation": {"artifactLocation": artifact_location(r), "region": region(f.range)}}
                ],
                "partialFingerprints": partial_fingerprints(print_),
            }
            if f.related:
                item["relatedLocations"] = [
                    {
                        "id": i,
                        "physicalLocation": {
                            "artifactLocation": {"uri": rel.uri} if rel.uri else artifact_location(r),
                            "region": region(rel.range),
                        },
                        "message": {"text": rel.message},
                    }
                    for i, rel in enumerate(f.related)
                ]
            fix_list = fixes(r, f)
            if fix_list:
                item["fixes"] = fix_list
            if f.aliases:
                item["properties"] = {"aliases": list(f.aliases)}
            sarif_results.append(item)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "InfraGenius",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [rule_descriptor(code, samples[code]) for code in codes],
                    }
                },
                "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().resolve().as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
            }
        ],
    }


def render(results: list[FileResult]) -> str:
    return json.dumps(sarif_log(results), indent=2, ensure_ascii=False) + "\n"
