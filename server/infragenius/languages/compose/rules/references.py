"""References by name: services a service depends on or extends, and the top-level networks,
volumes, secrets and configs it uses. A name is undefined only when every file Compose merges with
this one was read (see ``model.Project``)."""

from __future__ import annotations

from collections.abc import Iterable

from ....core.context import Context
from ....core.findings import Finding, Severity
from ....core.suggest import candidates, did_you_mean
from ...yaml import Mapping, Node, Scalar, parse_yaml
from ...yaml.fixes import rename_fix
from ..model import ComposeFile, Service, interpolated, scalar, services_of, text
from ..names import name_fix, referenced_name, resource_references, service_references
from ._base import ComposeRule


class UndefinedService(ComposeRule):
    """A service names another service that the project does not define.

    ``docker compose`` refuses to start the project ("service web depends on undefined service
    db"). The name is looked up in the file, the overrides beside it and the files it includes;
    in a file that Compose layers onto a main file elsewhere (``-f``), nothing is reported.

    Bad:

        services:
          web:
            image: nginx:1.27
            depends_on: [dbb]
          db:
            image: postgres:17

    Good:

        services:
          web:
            image: nginx:1.27
            depends_on: [db]
          db:
            image: postgres:17
    """

    code = "DC003"
    name = "undefined-service"
    message = "Reference to an undefined service"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")
    fixable = True

    def check_service(self, service: Service, model: ComposeFile) -> Iterable[Finding]:
        if not model.project.complete:
            return
        known = sorted(model.project.services)
        for what, node in service_references(service):
            name = referenced_name(node)
            if not name or interpolated(name) or name in model.project.services:
                continue
            found = candidates(name, known)
            hint = f"; {did_you_mean(found)}" if found else ""
            yield self.finding(
                node.range,
                f'service "{service.name}" {what} undefined service "{name}"{hint}',
                fix=name_fix(node, name, found),
            )


class UndefinedResource(ComposeRule):
    """A service uses a network, volume, secret or config that no top-level section declares.

    ``docker compose`` refuses the project ("service web refers to undefined network backend").
    Declare it under the top-level key (``external: true`` for one created outside Compose). The
    ``default`` network always exists; host paths in ``volumes`` are bind mounts, not names.

    Bad:

        services:
          web:
            image: nginx:1.27
            networks: [backend]

    Good:

        services:
          web:
            image: nginx:1.27
            networks: [backend]
        networks:
          backend: {}
    """

    code = "DC004"
    name = "undefined-resource"
    message = "Reference to an undefined network, volume, secret or config"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")
    fixable = True

    def check_service(self, service: Service, model: ComposeFile) -> Iterable[Finding]:
        if not model.project.complete:
            return
        for section, node, name in resource_references(service):
            declared = model.project.resources[section]
            if name in declared or interpolated(name) or (section == "networks" and name == "default"):
                continue
            found = candidates(name, sorted(declared))
            hint = f"; {did_you_mean(found)}" if found else ""
            kind = section.rstrip("s")
            message = f'undefined {kind} "{name}": declare it under the top-level "{section}"{hint}'
            yield self.finding(node.range, message, fix=name_fix(node, name, found))


class BrokenExtends(ComposeRule):
    """``extends`` names a file that does not exist or a service that it does not define.

    ``docker compose`` refuses the project. The file is relative to the Compose file; without
    ``file``, the service is one of this project's.

    Bad:

        services:
          web:
            extends:
              file: common.yaml
              service: webapp

    Good:

        services:
          web:
            extends:
              file: common.yml
              service: webapp
    """

    code = "DC007"
    name = "broken-extends"
    message = "extends names a missing file or service"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")
    fixable = True

    def check_file(self, model: ComposeFile, ctx: Context) -> Iterable[Finding]:
        for service in model.services.values():
            node = service.get("extends")
            if isinstance(node, Scalar):
                yield from self._local(service, node, model)
            elif isinstance(node, Mapping):
                file_node, name_node = scalar(node.get("file")), scalar(node.get("service"))
                if file_node is None:
                    if name_node is not None:
                        yield from self._local(service, name_node, model)
                    continue
                yield from self._other_file(file_node, name_node, model, ctx)

    def _local(self, service: Service, node: Node, model: ComposeFile) -> Iterable[Finding]:
        name = text(node)
        if name is None or interpolated(name) or name in model.services:
            return
        if model.project.complete and name not in model.project.services:
            found = candidates(name, sorted(model.project.services))
            hint = f"; {did_you_mean(found)}" if found else ""
            message = f'service "{service.name}" extends undefined service "{name}"{hint}'
            yield self.finding(node.range, message, fix=rename_fix(node, found))

    def _other_file(
        self, file_node: Scalar, name_node: Scalar | None, model: ComposeFile, ctx: Context
    ) -> Iterable[Finding]:
        value = str(file_node.value)
        if model.folder is None or interpolated(value) or "://" in value:
            return
        path = model.folder / value
        content = ctx.workspace.read_text(path)
        if content is None:
            yield self.finding(file_node.range, f'extends a file that does not exist: "{value}"')
            return
        name = text(name_node)
        if name_node is None or name is None or interpolated(name):
            return
        stream = parse_yaml(content)
        roots = [d.root for d in stream.documents if isinstance(d.root, Mapping)]
        defined = set(services_of(roots[0])) if roots else set()
        if name not in defined:
            found = candidates(name, sorted(defined))
            hint = f"; {did_you_mean(found)}" if found else ""
            message = f'"{value}" defines no service "{name}"{hint}'
            yield self.finding(name_node.range, message, fix=rename_fix(name_node, found))
