"""CMD, ENTRYPOINT and HEALTHCHECK: the container's commands."""

from __future__ import annotations

import json
import re
import shlex

from ....core.findings import Edit, Fix, Related, Severity
from ._base import DockerfileRule, stage_chain

_PLAIN_WORD = re.compile(r"^[A-Za-z0-9_./:=,@%+-]+$")
_SHELL_SYNTAX = re.compile(r"[$`|&;<>()*?\[\]{}~#!]")


def exec_form_fix(args: str) -> tuple[list[str], str] | None:
    """Exec-form words for a shell-form command, with the fix's applicability; None if the command
    needs a shell (variables, operators, globs, redirections)."""
    words = args.split()
    if not words:
        return None
    if all(_PLAIN_WORD.match(w) for w in words):
        return words, "safe"
    if _SHELL_SYNTAX.search(args):
        return None
    try:
        return shlex.split(args), "unsafe"  # quotes/escapes: same words, but review it
    except ValueError:
        return None


class JsonArgsRecommended(DockerfileRule):
    """Use the exec (JSON) form for CMD and ENTRYPOINT.

    In shell form the command runs as ``/bin/sh -c "..."``: the shell is PID 1, does not forward
    SIGTERM, and ``docker stop`` waits for the timeout and then kills the process. The exec form runs
    the program directly. The fix rewrites plain commands; it is unsafe when quotes are involved and
    absent when the command needs a shell (``&&``, variables, redirections). Not reported in a stage
    that sets its own SHELL.

    Bad:

        CMD node server.js

    Good:

        CMD ["node", "server.js"]
    """

    code = "DF020"
    name = "json-args-recommended"
    message = "JSON arguments recommended for CMD/ENTRYPOINT to prevent unintended behavior related to OS signals"
    severity = Severity.WARNING
    tags = ("best-practice",)
    aliases = ("hadolint:DL3025", "buildkit:JSONArgsRecommended")
    fixable = True

    def check_file(self, df, ctx):
        for stage in df.stages:
            shell_set = any(i.keyword == "SHELL" for s in stage_chain(df, stage) for i in s.instructions)
            if shell_set:
                continue
            for ins in stage.instructions:
                if ins.keyword not in ("CMD", "ENTRYPOINT") or not ins.is_shell_form or not ins.args.strip():
                    continue
                if ins.json_error:
                    continue  # reported by DF033 (broken JSON)
                proposal = exec_form_fix(ins.args.strip())
                fix = None
                if proposal is not None:
                    words, applicability = proposal
                    new = json.dumps(words, ensure_ascii=False)
                    fix = Fix("Use the exec form", (Edit(ins.args_range, new),), applicability)
                message = (
                    f"JSON arguments recommended for {ins.keyword} to prevent unintended behavior related to OS signals"
                )
                yield self.finding(ins.args_range, message, fix=fix)


class _OnlyOnce(DockerfileRule):
    """Base: only the last ``keyword`` of a stage takes effect; report the ones that are ignored."""

    keyword = ""

    def check_file(self, df, ctx):
        for stage in df.stages:
            found = [i for i in stage.instructions if i.keyword == self.keyword]
            if len(found) < 2:
                continue
            last = found[-1]
            related = (Related(last.keyword_range, f"this {self.keyword} is the one that takes effect"),)
            message = f"Multiple {self.keyword} instructions should not be used in the same stage because only the last one will be used"
            for ins in found[:-1]:
                yield self.finding(ins.keyword_range, message, related=related)


class MultipleCmd(_OnlyOnce):
    """Only the last CMD of a stage takes effect.

    Earlier CMDs are silently ignored, which usually means a merge left one behind. Keep one.

    Bad:

        CMD ["nginx"]
        CMD ["nginx", "-g", "daemon off;"]

    Good:

        CMD ["nginx", "-g", "daemon off;"]
    """

    code = "DF021"
    name = "multiple-cmd"
    message = "Multiple CMD instructions found; only the last one takes effect"
    severity = Severity.WARNING
    tags = ("correctness",)
    aliases = ("hadolint:DL4003", "buildkit:MultipleInstructionsDisallowed")
    keyword = "CMD"


class MultipleEntrypoint(_OnlyOnce):
    """Only the last ENTRYPOINT of a stage takes effect.

    Earlier ENTRYPOINTs are silently ignored. Keep one.

    Bad:

        ENTRYPOINT ["/docker-entrypoint.sh"]
        ENTRYPOINT ["/usr/bin/tini", "--"]

    Good:

        ENTRYPOINT ["/usr/bin/tini", "--", "/docker-entrypoint.sh"]
    """

    code = "DF022"
    buildkit_checks = ("MultipleInstructionsDisallowed",)
    name = "multiple-entrypoint"
    message = "Multiple ENTRYPOINT instructions found; only the last one takes effect"
    severity = Severity.WARNING
    tags = ("correctness",)
    aliases = ("hadolint:DL4004",)
    keyword = "ENTRYPOINT"


class MultipleHealthcheck(_OnlyOnce):
    """Only the last HEALTHCHECK of a stage takes effect.

    Earlier HEALTHCHECKs are silently ignored. Keep one.

    Bad:

        HEALTHCHECK CMD curl -f http://localhost/ || exit 1
        HEALTHCHECK CMD wget -qO- http://localhost/ || exit 1

    Good:

        HEALTHCHECK CMD curl -f http://localhost/ || exit 1
    """

    code = "DF023"
    buildkit_checks = ("MultipleInstructionsDisallowed",)
    name = "multiple-healthcheck"
    message = "Multiple HEALTHCHECK instructions found; only the last one takes effect"
    severity = Severity.WARNING
    tags = ("correctness",)
    aliases = ("hadolint:DL3012",)
    keyword = "HEALTHCHECK"


class HealthcheckMissing(DockerfileRule):
    """The final image has no HEALTHCHECK (opt-in rule).

    Without a HEALTHCHECK, Docker (and Swarm) only knows whether the process runs, not whether it
    serves. Orchestrators with their own probes (Kubernetes) ignore HEALTHCHECK, so this rule is off
    unless selected explicitly (``select = ["DF024"]`` or ``extend-select``), like hadolint's DL3057.

    Bad:

        FROM nginx:1.27
        COPY site /usr/share/nginx/html

    Good:

        FROM nginx:1.27
        COPY site /usr/share/nginx/html
        HEALTHCHECK CMD curl -fs http://localhost/ || exit 1
    """

    code = "DF024"
    name = "healthcheck-missing"
    message = "HEALTHCHECK instruction missing"
    severity = Severity.INFORMATION
    tags = ("best-practice", "opt-in")
    aliases = ("hadolint:DL3057",)

    def check_file(self, df, ctx):
        if not df.stages or not explicitly_selected(ctx, self):
            return
        final = df.stages[-1]
        if any(i.keyword == "HEALTHCHECK" for s in stage_chain(df, final) for i in s.instructions):
            return
        word = final.image_word
        rng = final.instruction.word_range(word) if word else final.instruction.keyword_range
        yield self.finding(rng)


def explicitly_selected(ctx, rule) -> bool:
    """True when the config names this rule itself (not through ``ALL`` or a prefix)."""
    config = ctx.config
    names = {rule.code.lower(), *(a.lower() for a in rule.aliases), *(a.split(":", 1)[1].lower() for a in rule.aliases)}
    chosen = [*getattr(config, "select", []), *getattr(config, "extend_select", [])]
    return any(str(sel).strip().lower() in names for sel in chosen)
