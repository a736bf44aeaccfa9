"""Schema validation: unknown fields, wrong types and missing required fields of built-in kinds."""

from __future__ import annotations

from ....core.findings import Severity
from ...yaml import Scalar
from ..kustomize import is_patch_directive
from ..model import Manifests, Resource
from ..schema import SchemaProblem, validate
from ._base import K8Rule

_CACHE_ATTR = "_schema_problems"


def problems_of(resource: Resource, manifests: Manifests) -> list[SchemaProblem]:
    """Validate each object once per analysis, however many schema rules ask."""
    cache: dict[int, list[SchemaProblem]] = manifests.__dict__.setdefault(_CACHE_ATTR, {})
    key = id(resource.root)
    if key not in cache:
        cache[key] = validate(resource.root, resource.api_version, resource.kind)
    return cache[key]


class _SchemaRule(K8Rule):
    resource_local = True  # reads its object's document only (reuse.py)
    problem = ""

    def check_resource(self, resource, manifests):
        for problem in problems_of(resource, manifests):
            if problem.kind == self.problem and (left := _after_kustomize(resource, problem)) is not None:
                yield self.finding(left.node.range, left.message, fix=left.fix)


def _after_kustomize(resource: Resource, problem: SchemaProblem) -> SchemaProblem | None:
    """What is left of ``problem`` once kustomize has built the object, or None. A patch omits
    required fields (its base has them) and holds merge directives; a base's workload gets its
    ``spec.selector`` from the kustomization's selector labels."""
    if resource.patch:
        node = problem.node
        directive = problem.kind == "unknown-field" and isinstance(node, Scalar) and is_patch_directive(str(node.value))
        return None if problem.kind == "required" or directive else problem
    if resource.selector_added and problem.kind == "required" and problem.where == f"{resource.kind}.spec":
        return problem.without("selector")
    return problem


class UnknownField(_SchemaRule):
    """A field that the object's kind does not have.

    The API server rejects the object (``kubectl apply`` validates fields strictly), or older clients
    drop the field silently, which is worse: a misspelt ``readinessProbe`` or ``resources`` just
    never takes effect. Checked against the OpenAPI schemas of the built-in kinds; custom resources
    are not checked.

    Bad:

        containers:
          - name: api
            image: api:1.4.2
            imagePullPolicy: Always
            resource:
              limits: {memory: 256Mi}

    Good:

        containers:
          - name: api
            image: api:1.4.2
            resources:
              limits: {memory: 256Mi}
    """

    code = "K8029"
    name = "unknown-field"
    message = "Unknown field"
    severity = Severity.ERROR
    tags = ("correctness", "schema")
    aliases = ("kubeconform:additionalProperties", "kubeval:additional_property_not_allowed")
    problem = "unknown-field"
    fixable = True


class WrongType(_SchemaRule):
    """A field's value has the wrong type.

    The API server refuses to decode it: a number where a string is expected (an annotation, a
    label or an env value of ``8080`` or ``true``), a string where a number is expected, a single
    value where a list is expected.

    Bad:

        env:
          - name: PORT
            value: 8080

    Good:

        env:
          - name: PORT
            value: "8080"
    """

    code = "K8030"
    name = "wrong-type"
    message = "Value has the wrong type"
    severity = Severity.ERROR
    tags = ("correctness", "schema")
    aliases = ("kubeconform:type", "kubeval:invalid_type")
    problem = "type"


class MissingRequiredField(_SchemaRule):
    """A required field of the kind is missing.

    The API server rejects the object: a container without ``name``, a Service port without
    ``port``, a Deployment without ``selector`` or ``template``. What kustomize fills in is not
    missing: the fields a strategic-merge patch leaves to its base, and a workload's ``selector``
    when its kustomization sets ``commonLabels`` or ``labels`` with ``includeSelectors: true``.

    Bad:

        ports:
          - name: http
            targetPort: 8080

    Good:

        ports:
          - name: http
            port: 80
            targetPort: 8080
    """

    code = "K8031"
    name = "missing-required-field"
    message = "Required field is missing"
    severity = Severity.ERROR
    tags = ("correctness", "schema")
    aliases = ("kubeconform:required", "kubeval:required")
    problem = "required"
