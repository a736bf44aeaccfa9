"""Hover for Dockerfiles: instruction docs, stage references, variable definitions (markdown)."""

from __future__ import annotations

from ...core.document import Document, Position
from .lexer import expansions
from .model import Dockerfile, Instruction, Stage
from .scope import PLATFORM_ARGS, PROXY_ARGS, VarDef, scopes

# keyword -> (summary, syntax)
INSTRUCTION_DOCS: dict[str, tuple[str, str]] = {
    "FROM": (
        (
            "Starts a build stage from a base image (or `scratch`, or an earlier stage). `AS name` names the "
            "stage for `COPY --from` and later `FROM`s; `--platform` picks the image platform."
        ),
        "FROM [--platform=<platform>] <image>[:<tag>|@<digest>] [AS <name>]",
    ),
    "RUN": (
        (
            "Runs a command in a new layer at build time. Shell form runs through `/bin/sh -c` (or `SHELL`); "
            "exec form runs the program directly. `--mount` gives caches, secrets and SSH agents to the command."
        ),
        'RUN [--mount=...] [--network=...] <command>\nRUN ["executable", "arg1", ...]\nRUN <<EOF\n...\nEOF',
    ),
    "CMD": (
        (
            "The default command (or default arguments to `ENTRYPOINT`) of the container. Only the last CMD "
            "of a stage counts. Prefer the exec form so that the process receives signals."
        ),
        'CMD ["executable", "arg1", ...]\nCMD ["arg1", ...]  (arguments for ENTRYPOINT)\nCMD command arg1',
    ),
    "LABEL": (
        "Adds metadata (key/value pairs) to the image, e.g. `org.opencontainers.image.source`.",
        "LABEL <key>=<value> [<key>=<value> ...]",
    ),
    "MAINTAINER": (
        "Deprecated: sets the author field. Use `LABEL org.opencontainers.image.authors=...` instead.",
        "MAINTAINER <name>",
    ),
    "EXPOSE": (
        (
            "Documents the ports the container listens on (default protocol tcp). It does not publish them: "
            "`docker run -p` does."
        ),
        "EXPOSE <port>[/<protocol>] [<port>[/<protocol>] ...]",
    ),
    "ENV": (
        "Sets environment variables for the rest of the stage and for the running container.",
        "ENV <key>=<value> [<key>=<value> ...]",
    ),
    "ADD": (
        (
            "Copies files into the image, and also downloads URLs, clones git repositories and extracts "
            "local tar archives. Use `COPY` for plain files."
        ),
        "ADD [--chown=<user>:<group>] [--chmod=<perms>] [--checksum=<digest>] [--link] <src>... <dest>",
    ),
    "COPY": (
        (
            "Copies files from the build context, another stage (`--from=<stage>`) or an image into the image. "
            "With several sources the destination must end with `/`."
        ),
        "COPY [--from=<stage|image>] [--chown=<user>:<group>] [--chmod=<perms>] [--link] <src>... <dest>",
    ),
    "ENTRYPOINT": (
        (
            "The executable the container runs; `CMD` supplies its default arguments. Only the last "
            "ENTRYPOINT of a stage counts. Prefer the exec form."
        ),
        'ENTRYPOINT ["executable", "arg1", ...]\nENTRYPOINT command arg1',
    ),
    "VOLUME": (
        (
            "Declares mount points for external volumes. Changes to these paths after the VOLUME "
            "instruction are discarded at build time."
        ),
        'VOLUME ["/data"]\nVOLUME /data [/more ...]',
    ),
    "USER": (
        (
            "Sets the user (and optionally group) for the following RUN, CMD and ENTRYPOINT instructions "
            "and for the container."
        ),
        "USER <user>[:<group>]\nUSER <UID>[:<GID>]",
    ),
    "WORKDIR": (
        ("Sets the working directory for the following instructions (created if missing). Use absolute paths."),
        "WORKDIR /path/to/workdir",
    ),
    "ARG": (
        (
            "Declares a build argument (`docker build --build-arg name=value`), optionally with a default. "
            "ARGs before the first FROM are global: visible in FROM lines, and in a stage only after "
            "`ARG <name>` re-declares them."
        ),
        "ARG <name>[=<default value>] [<name>[=<default value>] ...]",
    ),
    "ONBUILD": (
        (
            "Registers an instruction to run when another image uses this one as its base. FROM, "
            "MAINTAINER and ONBUILD cannot be triggers."
        ),
        "ONBUILD <INSTRUCTION>",
    ),
    "STOPSIGNAL": (
        "The signal sent to the container to stop it (default SIGTERM).",
        "STOPSIGNAL <signal>",
    ),
    "HEALTHCHECK": (
        (
            "How Docker tests that the container still works; `NONE` disables a check inherited from the "
            "base image. Only the last HEALTHCHECK counts."
        ),
        (
            "HEALTHCHECK [--interval=30s] [--timeout=30s] [--start-period=0s] [--retries=3] CMD <command>\n"
            "HEALTHCHECK NONE"
        ),
    ),
    "SHELL": (
        (
            "Changes the shell used by the shell form of RUN, CMD and ENTRYPOINT (default "
            '`["/bin/sh", "-c"]`). Must be written in JSON form.'
        ),
        'SHELL ["executable", "parameters"]',
    ),
}

DOCS_URL = "https://docs.docker.com/reference/dockerfile/#{anchor}"


def hover(document: Document, model: Dockerfile | None, position: Position) -> str | None:
    if model is None:
        return None
    ins = model.instruction_at(position.line)
    if ins is None:
        return None
    offset = document.offset_at(position)
    targets = [ins] + ([ins.onbuild] if ins.onbuild is not None else [])
    for target in reversed(targets):  # the ONBUILD trigger first: its keyword sits inside ONBUILD's args
        if target.keyword and _inside(document, target.keyword_range, offset):
            return instruction_doc(target.keyword)
    logical = ins.logical_at(offset)
    if logical is not None:
        text = _stage_hover(model, ins, logical) or _variable_hover(model, ins, logical)
        if text:
            return text
    return _heredoc_variable_hover(document, model, ins, position)


def instruction_doc(keyword: str) -> str | None:
    entry = INSTRUCTION_DOCS.get(keyword)
    if entry is None:
        return None
    summary, syntax = entry
    url = DOCS_URL.format(anchor=keyword.lower())
    return f"**{keyword}**\n\n{summary}\n\n```dockerfile\n{syntax}\n```\n\n[Dockerfile reference]({url})"


def _inside(document: Document, rng, offset: int) -> bool:
    return document.offset_at(rng.start) <= offset <= document.offset_at(rng.end)


# -- stages --------------------------------------------------------------------------------------
def _stage_hover(model: Dockerfile, ins: Instruction, logical: int) -> str | None:
    flag = ins.flag("from")
    if flag is not None and flag.start <= logical <= flag.end and flag.value:
        return _describe_stage_ref(model, flag.value, ins)
    if ins.keyword == "FROM" and 0 <= ins.stage < len(model.stages):
        stage = model.stages[ins.stage]
        word = stage.image_word
        if word is not None and word.start <= logical <= word.end:
            parent = model.stage_named(stage.image)
            if parent is not None and parent.index < stage.index:
                return _describe_stage(parent)
    return None


def _describe_stage_ref(model: Dockerfile, ref: str, ins: Instruction) -> str | None:
    if ref.isdigit():
        index = int(ref)
        return _describe_stage(model.stages[index]) if index < len(model.stages) else None
    stage = model.stage_named(ref)
    if stage is not None:
        return _describe_stage(stage)
    if "$" in ref:
        return None
    return f"**{ref}**: not a stage of this Dockerfile, so it is pulled as the image `{ref}`"


def _describe_stage(stage: Stage) -> str:
    ins = stage.instruction
    title = f"stage `{stage.name}`" if stage.name else f"stage {stage.index}"
    source = ins.logical.strip()
    return f"**{title}** (stage {stage.index}), defined on line {ins.line + 1}\n\n```dockerfile\n{source}\n```"


# -- variables -----------------------------------------------------------------------------------
def _variable_hover(model: Dockerfile, ins: Instruction, logical: int) -> str | None:
    for name, start, end, _ in expansions(ins.logical, ins.escape):
        if start <= logical <= end:
            return _describe_variable(model, ins, name)
    return None


def _heredoc_variable_hover(document: Document, model: Dockerfile, ins: Instruction, position: Position) -> str | None:
    for doc in ins.heredocs:
        if doc.body_range.start.line <= position.line < max(doc.body_range.end.line, doc.body_range.start.line + 1):
            if doc.quoted and ins.keyword != "RUN":
                return None
            line = document.line_text(position.line)
            for name, start, end, _ in expansions(line):
                if start <= position.column <= end:
                    return _describe_variable(model, ins, name)
    return None


def _describe_variable(model: Dockerfile, ins: Instruction, name: str) -> str:
    found = scopes(model).at(ins).get(name)
    if found is None:
        if ins.keyword == "FROM":
            return f"**${name}**: not declared by a global ARG (before the first FROM)"
        return (
            f"**${name}**: not defined by an ARG or ENV of this Dockerfile before this line (the base image may set it)"
        )
    return _describe_definition(found)


def _describe_definition(found: VarDef) -> str:
    name = found.name
    if found.kind == "builtin":
        if name in PLATFORM_ARGS:
            return f"**{name}**: predefined platform build argument (set by BuildKit for the target/build platform)"
        if name in PROXY_ARGS:
            return f"**{name}**: predefined proxy build argument (taken from the build's proxy settings)"
        return f"**{name}**: predefined variable"
    ins = found.instruction
    where = f"line {ins.line + 1}" if ins is not None else "this Dockerfile"
    if found.default is None:
        value = "no default (set with `--build-arg`)" if found.kind == "ARG" else "empty"
    else:
        value = f"`{found.default}`" if found.default else "empty string"
    label = "default" if found.kind == "ARG" else "value"
    return f"**{name}** ({found.kind}, defined on {where})\n\n{label}: {value}"
