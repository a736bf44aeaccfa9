"""AWS network access: security groups open to the world, the instance metadata service answering without a
token (IMDSv1), load balancers listening on plain HTTP. Unknown values never report."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ....core.findings import Finding, Severity
from ..hcl import Block
from ..model import TerraformModel
from ..values import MISSING, UNKNOWN, Evaluator, known
from ._base import ResourceRule
from ._links import referenced_block, uses_launch_template

_OPEN = ("0.0.0.0/0", "::/0")


def _ingress_rules(block: Block, ev: Evaluator) -> Iterator[tuple[Block, Any, Any, Any, list]]:
    """(rule block, protocol, from, to, [(cidr attribute, open cidr)]) for each ingress rule."""
    rtype = block.labels[0]
    if rtype == "aws_security_group":
        candidates = block.children("ingress")
    elif rtype == "aws_security_group_rule":
        if ev.attr(block, "type")[0] != "ingress":
            return
        candidates = [block]
    else:  # aws_vpc_security_group_ingress_rule
        candidates = [block]
    for rule in candidates:
        protocol = ev.attr(rule, "ip_protocol" if rtype == "aws_vpc_security_group_ingress_rule" else "protocol")[0]
        lo, hi = ev.attr(rule, "from_port")[0], ev.attr(rule, "to_port")[0]
        opened = []
        for name in ("cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6"):
            value, attr = ev.attr(rule, name)
            values = value if isinstance(value, list) else [value]
            for cidr in values:
                if cidr in _OPEN and attr is not None:
                    opened.append((attr, cidr))
                    break
        if opened:
            yield rule, protocol, lo, hi, opened


def _all_protocols(protocol: Any) -> bool:
    return str(protocol).lower() in ("-1", "all")


# The transports each admin service listens on: SSH is TCP only, RDP also uses UDP 3389.
TCP = ("tcp", "6")
TCP_UDP = ("tcp", "6", "udp", "17")


def _covers(protocol: Any, lo: Any, hi: Any, port: int, protocols: tuple[str, ...] = TCP_UDP) -> bool | None:
    if _all_protocols(protocol):
        return True
    if not isinstance(protocol, (str, int)) or str(protocol).lower() not in protocols:
        return None if not known(protocol) else False
    if isinstance(lo, str) and lo.isdigit():
        lo = int(lo)
    if isinstance(hi, str) and hi.isdigit():
        hi = int(hi)
    if not isinstance(lo, int) or not isinstance(hi, int):
        return None
    return lo <= port <= hi


class _OpenPort(ResourceRule):
    port: int = 0
    protocols: tuple[str, ...] = TCP_UDP
    resource_types = ("aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule")
    severity = Severity.ERROR

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        for rule, protocol, lo, hi, opened in _ingress_rules(block, ev):
            if _all_protocols(protocol):
                continue  # reported once by TF118
            if _covers(protocol, lo, hi, self.port, self.protocols):
                for attr, cidr in opened:
                    yield self.finding(attr.range, f"Port {self.port} is open to {cidr}")


class SecurityGroupOpenSsh(_OpenPort):
    """Security group ingress open to the whole internet on SSH (22).

    Bad:
        ingress {
          from_port   = 22
          to_port     = 22
          protocol    = "tcp"
          cidr_blocks = ["0.0.0.0/0"]
        }

    Good:
        ingress {
          from_port   = 22
          to_port     = 22
          protocol    = "tcp"
          cidr_blocks = ["10.0.0.0/8"]
        }
    """

    code = "TF116"
    name = "security-group-open-ssh"
    message = "SSH port open to the internet"
    tags = ("security", "aws", "network")
    aliases = ("checkov:CKV_AWS_24", "trivy:AVD-AWS-0107")
    port = 22
    protocols = TCP  # 22/udp is not SSH


class SecurityGroupOpenRdp(_OpenPort):
    """Security group ingress open to the whole internet on RDP (3389).

    Bad:
        ingress {
          from_port   = 3389
          to_port     = 3389
          protocol    = "tcp"
          cidr_blocks = ["0.0.0.0/0"]
        }

    Good:
        ingress {
          from_port   = 3389
          to_port     = 3389
          protocol    = "tcp"
          cidr_blocks = ["10.0.0.0/8"]
        }
    """

    code = "TF117"
    name = "security-group-open-rdp"
    message = "RDP port open to the internet"
    tags = ("security", "aws", "network")
    aliases = ("checkov:CKV_AWS_25", "trivy:AVD-AWS-0107")
    port = 3389


class SecurityGroupOpenAll(ResourceRule):
    """Security group ingress open to the whole internet on all protocols and ports (``protocol = "-1"``).

    Bad:
        ingress {
          from_port   = 0
          to_port     = 0
          protocol    = "-1"
          cidr_blocks = ["0.0.0.0/0"]
        }

    Good:
        ingress {
          from_port   = 443
          to_port     = 443
          protocol    = "tcp"
          cidr_blocks = ["0.0.0.0/0"]
        }
    """

    code = "TF118"
    name = "security-group-open-all"
    message = "All ports open to the internet"
    severity = Severity.ERROR
    tags = ("security", "aws", "network")
    aliases = ("checkov:CKV_AWS_277", "trivy:AVD-AWS-0107")
    resource_types = ("aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule")

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        for rule, protocol, lo, hi, opened in _ingress_rules(block, ev):
            if _all_protocols(protocol):
                for attr, cidr in opened:
                    yield self.finding(attr.range, f"All ports are open to {cidr}")


def account_requires_imdsv2(model: TerraformModel, ev: Evaluator) -> bool:
    """The module sets the account's instance metadata defaults to IMDSv2, which every instance that
    does not choose otherwise gets at launch (unknown: may be "required", so say nothing)."""
    for block in model.module.resources_of("aws_ec2_instance_metadata_defaults"):
        value, _ = ev.attr(block, "http_tokens")
        if value == "required" or value is UNKNOWN:
            return True
    return False


_AL2023_AMI = "al2023-ami-"


def image_requires_imdsv2(block: Block, ev: Evaluator, model: TerraformModel) -> bool:
    """The instance's AMI is Amazon Linux 2023, registered with ImdsSupport v2.0: an instance
    launched from it requires IMDSv2 when ``metadata_options`` does not say otherwise. Known from
    the data source that names it: an SSM parameter ``.../al2023-ami-...`` or an ``aws_ami`` whose
    name filter only matches ``al2023-ami-*``."""
    source = referenced_block(block, "ami" if block.labels[0] == "aws_instance" else "image_id", model)
    if source is None or source.type != "data":
        return False
    kind = source.labels[0]
    if kind == "aws_ssm_parameter":
        path, _ = ev.attr(source, "name")
        return isinstance(path, str) and _AL2023_AMI in path.rsplit("/", 1)[-1]
    if kind == "aws_ami":
        patterns = [ev.attr(f, "values")[0] for f in source.children("filter") if ev.attr(f, "name")[0] == "name"]
        return bool(patterns) and all(
            isinstance(values, list)
            and values
            and all(isinstance(v, str) and v.startswith(_AL2023_AMI) for v in values)
            for values in patterns
        )
    return False


class Imdsv1Enabled(ResourceRule):
    """Instance metadata service v1 allowed (``metadata_options { http_tokens = "required" }`` missing).

    IMDSv1 answers any request from the instance, which turns SSRF bugs into credential theft.
    Not reported when the settings come from elsewhere: a launch template, the account's metadata
    defaults, or an Amazon Linux 2023 AMI (IMDSv2 only unless told otherwise).

    Bad:
        resource "aws_instance" "web" {
          ami           = "ami-123"
          instance_type = "t3.micro"
        }

    Good:
        resource "aws_instance" "web" {
          ami           = "ami-123"
          instance_type = "t3.micro"
          metadata_options { http_tokens = "required" }
        }
    """

    code = "TF123"
    name = "imdsv1-enabled"
    message = "Instance metadata service v1 is enabled"
    severity = Severity.WARNING
    tags = ("security", "aws")
    aliases = ("checkov:CKV_AWS_79", "trivy:AVD-AWS-0028")
    resource_types = ("aws_instance", "aws_launch_template", "aws_launch_configuration")

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        endpoint, _ = ev.attr(block, "metadata_options.http_endpoint")
        if endpoint == "disabled" or endpoint is UNKNOWN:
            return
        yield from self.expect(
            block,
            ev,
            "metadata_options.http_tokens",
            lambda v: v != "required",
            missing_is_bad=not (
                uses_launch_template(block)
                or account_requires_imdsv2(model, ev)
                or image_requires_imdsv2(block, ev, model)
            ),
            message='Instance metadata service v1 is enabled (`http_tokens` is not "required")',
        )


class LbHttpListener(ResourceRule):
    """Load balancer listener on plain HTTP that does not redirect to HTTPS.

    A listener without ``protocol`` on an application load balancer (``load_balancer_type`` not
    written, or ``"application"``) is plain HTTP too: the provider sends HTTP for it.

    Bad:
        resource "aws_lb_listener" "web" {
          port     = 80
          protocol = "HTTP"
          default_action {
            type             = "forward"
            target_group_arn = aws_lb_target_group.web.arn
          }
        }

    Good:
        resource "aws_lb_listener" "web" {
          port     = 80
          protocol = "HTTP"
          default_action {
            type = "redirect"
            redirect {
              port        = "443"
              protocol    = "HTTPS"
              status_code = "HTTP_301"
            }
          }
        }
    """

    code = "TF124"
    name = "lb-http-listener"
    message = "Load balancer listener uses plain HTTP"
    severity = Severity.WARNING
    tags = ("security", "aws", "network")
    aliases = ("checkov:CKV_AWS_2", "trivy:AVD-AWS-0054")
    resource_types = ("aws_lb_listener", "aws_alb_listener")

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        protocol, attr = ev.attr(block, "protocol")
        if protocol is MISSING and _load_balancer_type(block, ev, model) == "application":
            if self._serves_http(block, ev):
                yield self.finding(block.header_range, _DEFAULT_HTTP)
            return
        if not isinstance(protocol, str) or protocol.upper() != "HTTP" or attr is None:
            return
        if self._serves_http(block, ev):
            yield self.finding(attr.range, "Load balancer listener uses plain HTTP without redirecting to HTTPS")

    @staticmethod
    def _serves_http(block: Block, ev: Evaluator) -> bool:
        """An HTTP listener's default actions serve content instead of redirecting to HTTPS."""
        if any(b.type == "dynamic" for b in block.blocks):
            return False
        for action in block.children("default_action"):
            kind, _ = ev.attr(action, "type")
            if kind == "redirect":
                target, _ = ev.attr(action, "redirect.protocol")
                if target != "HTTP":
                    return False
            elif kind is UNKNOWN:
                return False
            elif kind == "fixed-response":
                return False  # nothing is served over HTTP
        return True


_DEFAULT_HTTP = (
    "Load balancer listener has no `protocol`: it defaults to plain HTTP on an application load balancer, "
    "without redirecting to HTTPS"
)


def _load_balancer_type(listener: Block, ev: Evaluator, model: TerraformModel) -> str | None:
    """``load_balancer_type`` of the ``aws_lb`` this listener's ``load_balancer_arn`` names
    (``application`` when not written); None when it is not one known load balancer of the module."""
    lb = referenced_block(listener, "load_balancer_arn", model)
    if lb is None or lb.type != "resource" or lb.labels[0] not in ("aws_lb", "aws_alb"):
        return None
    kind, _ = ev.attr(lb, "load_balancer_type")
    if kind is MISSING:
        return "application"
    return kind if isinstance(kind, str) else None
