"""Azure and Google Cloud security checks: storage exposure and transport, NSG/firewall admin ports,
GKE legacy authorisation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ....core.findings import Finding, Severity
from ..hcl import Block
from ..model import TerraformModel
from ..values import MISSING, Evaluator
from ._base import ResourceRule, is_false, is_true


class AzureStorageHttpAllowed(ResourceRule):
    """Azure storage account accepting plain HTTP (``https_traffic_only_enabled = false``).

    Bad:
        resource "azurerm_storage_account" "s" { https_traffic_only_enabled = false }

    Good:
        resource "azurerm_storage_account" "s" { https_traffic_only_enabled = true }
    """

    code = "TF150"
    name = "azure-storage-http-allowed"
    message = "Storage account allows plain HTTP"
    severity = Severity.WARNING
    tags = ("security", "azure", "encryption")
    aliases = ("checkov:CKV_AZURE_3", "trivy:AVD-AZU-0008")
    resource_types = ("azurerm_storage_account",)

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        for name in ("https_traffic_only_enabled", "enable_https_traffic_only"):
            yield from self.expect(block, ev, name, is_false, missing_is_bad=False)


class AzureStorageOldTls(ResourceRule):
    """Azure storage account accepting TLS older than 1.2 (``min_tls_version``).

    Reported when set to ``TLS1_0``/``TLS1_1``; azurerm 3+ defaults to ``TLS1_2``.

    Bad:
        resource "azurerm_storage_account" "s" { min_tls_version = "TLS1_0" }

    Good:
        resource "azurerm_storage_account" "s" { min_tls_version = "TLS1_2" }
    """

    code = "TF151"
    name = "azure-storage-old-tls"
    message = "Storage account allows TLS older than 1.2"
    severity = Severity.WARNING
    tags = ("security", "azure", "encryption")
    aliases = ("checkov:CKV_AZURE_44", "trivy:AVD-AZU-0011")
    resource_types = ("azurerm_storage_account",)

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        yield from self.expect(block, ev, "min_tls_version", lambda v: v in ("TLS1_0", "TLS1_1"), missing_is_bad=False)


class AzureStoragePublicBlobs(ResourceRule):
    """Azure storage account allowing anonymous public read of blobs.

    ``allow_nested_items_to_be_public`` defaults to true since azurerm 3 (its azurerm 2 name
    ``allow_blob_public_access`` defaulted to false); set it to false.

    Bad:
        resource "azurerm_storage_account" "s" { account_tier = "Standard" }

    Good:
        resource "azurerm_storage_account" "s" { allow_nested_items_to_be_public = false }
    """

    code = "TF152"
    name = "azure-storage-public-blobs"
    message = "Storage account allows public blob access"
    severity = Severity.WARNING
    tags = ("security", "azure")
    aliases = ("checkov:CKV_AZURE_190", "trivy:AVD-AZU-0007")
    resource_types = ("azurerm_storage_account",)

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        if block.attr("allow_blob_public_access") is not None:  # azurerm 2.x name, default false
            yield from self.expect(block, ev, "allow_blob_public_access", is_true, missing_is_bad=False)
            return
        yield from self.expect(
            block,
            ev,
            "allow_nested_items_to_be_public",
            is_true,
            missing_is_bad=True,
            missing_message="Storage account allows public blob access (`allow_nested_items_to_be_public` defaults to true)",
        )


class AzureContainerPublic(ResourceRule):
    """Azure storage container with public access (``container_access_type`` ``blob`` or ``container``).

    Bad:
        resource "azurerm_storage_container" "c" { container_access_type = "blob" }

    Good:
        resource "azurerm_storage_container" "c" { container_access_type = "private" }
    """

    code = "TF153"
    name = "azure-container-public"
    message = "Storage container is publicly accessible"
    severity = Severity.ERROR
    tags = ("security", "azure")
    aliases = ("checkov:CKV_AZURE_34",)
    resource_types = ("azurerm_storage_container",)

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        yield from self.expect(
            block, ev, "container_access_type", lambda v: v in ("blob", "container"), missing_is_bad=False
        )


_ANY_SOURCE = ("*", "0.0.0.0", "0.0.0.0/0", "internet", "any", "/0")


def _port_ranges(value: Any) -> list[tuple[int, int]] | None:
    values = value if isinstance(value, list) else [value]
    out = []
    for item in values:
        if not isinstance(item, (str, int)):
            return None
        text = str(item).strip()
        if text == "*":
            out.append((0, 65535))
            continue
        lo, _, hi = text.partition("-")
        if not lo.isdigit() or (hi and not hi.isdigit()):
            return None
        out.append((int(lo), int(hi or lo)))
    return out


# Transports each admin service listens on (lower case): SSH is TCP only, RDP also uses UDP 3389.
SSH_PROTOCOLS = ("tcp",)
RDP_PROTOCOLS = ("tcp", "udp")


class _NsgAdminPort(ResourceRule):
    port = 0
    protocols: tuple[str, ...] = ()
    resource_types = ("azurerm_network_security_rule", "azurerm_network_security_group")
    severity = Severity.ERROR

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        rules = [block] if block.labels[0] == "azurerm_network_security_rule" else block.children("security_rule")
        for rule in rules:
            direction, access = ev.attr(rule, "direction")[0], ev.attr(rule, "access")[0]
            if str(direction).lower() != "inbound" or str(access).lower() != "allow":
                continue
            protocol = ev.attr(rule, "protocol")[0]
            if not isinstance(protocol, str) or protocol.lower() not in ("*", *self.protocols):
                continue  # Icmp/Esp/Ah have no ports; unknown says nothing
            source, source_attr = ev.attr(rule, "source_address_prefix")
            if not isinstance(source, str) or source.lower() not in _ANY_SOURCE or source_attr is None:
                continue
            ranges: list[tuple[int, int]] = []
            for name in ("destination_port_range", "destination_port_ranges"):
                value, _ = ev.attr(rule, name)
                if value is MISSING:
                    continue
                found = _port_ranges(value)
                if found is None:
                    ranges = []
                    break
                ranges += found
            if any(lo <= self.port <= hi for lo, hi in ranges):
                yield self.finding(source_attr.range, f"Port {self.port} is open to the internet (`{source}`)")


class AzureNsgOpenSsh(_NsgAdminPort):
    """Network security rule allowing SSH (22) from the internet.

    Bad:
        security_rule {
          direction              = "Inbound"
          access                 = "Allow"
          destination_port_range = "22"
          source_address_prefix  = "*"
        }

    Good:
        security_rule {
          direction              = "Inbound"
          access                 = "Allow"
          destination_port_range = "22"
          source_address_prefix  = "10.0.0.0/8"
        }
    """

    code = "TF154"
    name = "azure-nsg-open-ssh"
    message = "SSH port open to the internet"
    tags = ("security", "azure", "network")
    aliases = ("checkov:CKV_AZURE_10", "trivy:AVD-AZU-0050")
    port = 22
    protocols = SSH_PROTOCOLS


class AzureNsgOpenRdp(_NsgAdminPort):
    """Network security rule allowing RDP (3389) from the internet.

    Bad:
        security_rule {
          direction              = "Inbound"
          access                 = "Allow"
          destination_port_range = "3389"
          source_address_prefix  = "*"
        }

    Good:
        security_rule {
          direction              = "Inbound"
          access                 = "Allow"
          destination_port_range = "3389"
          source_address_prefix  = "10.0.0.0/8"
        }
    """

    code = "TF155"
    name = "azure-nsg-open-rdp"
    message = "RDP port open to the internet"
    tags = ("security", "azure", "network")
    aliases = ("checkov:CKV_AZURE_9", "trivy:AVD-AZU-0048")
    port = 3389
    protocols = RDP_PROTOCOLS


_PUBLIC_MEMBERS = ("allUsers", "allAuthenticatedUsers")


class GcsBucketPublic(ResourceRule):
    """Cloud Storage bucket IAM granting access to ``allUsers`` or ``allAuthenticatedUsers``.

    Bad:
        resource "google_storage_bucket_iam_member" "m" {
          bucket = google_storage_bucket.b.name
          role   = "roles/storage.objectViewer"
          member = "allUsers"
        }

    Good:
        resource "google_storage_bucket_iam_member" "m" {
          bucket = google_storage_bucket.b.name
          role   = "roles/storage.objectViewer"
          member = "group:readers@example.com"
        }
    """

    code = "TF160"
    name = "gcs-bucket-public"
    message = "Cloud Storage bucket is publicly accessible"
    severity = Severity.ERROR
    tags = ("security", "gcp")
    aliases = ("checkov:CKV_GCP_28", "trivy:AVD-GCP-0001")
    resource_types = ("google_storage_bucket_iam_member", "google_storage_bucket_iam_binding")

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        for name in ("member", "members"):
            value, attr = ev.attr(block, name)
            values = value if isinstance(value, list) else [value]
            public = [v for v in values if v in _PUBLIC_MEMBERS]
            if public and attr is not None:
                yield self.finding(attr.range, f"Cloud Storage bucket is accessible to `{public[0]}`")


class GcsUniformAccessOff(ResourceRule):
    """Cloud Storage bucket without uniform bucket-level access (per-object ACLs stay possible).

    Bad:
        resource "google_storage_bucket" "b" {
          name     = "data"
          location = "EU"
        }

    Good:
        resource "google_storage_bucket" "b" {
          name                        = "data"
          location                    = "EU"
          uniform_bucket_level_access = true
        }
    """

    code = "TF161"
    name = "gcs-uniform-access-off"
    message = "Uniform bucket-level access is not enabled"
    severity = Severity.WARNING
    tags = ("security", "gcp")
    aliases = ("checkov:CKV_GCP_29", "trivy:AVD-GCP-0002")
    resource_types = ("google_storage_bucket",)

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        yield from self.expect(block, ev, "uniform_bucket_level_access", is_false, missing_is_bad=True)


class GkeLegacyAbac(ResourceRule):
    """GKE cluster with legacy ABAC authorisation (``enable_legacy_abac = true``): bypasses RBAC.

    Bad:
        resource "google_container_cluster" "c" { enable_legacy_abac = true }

    Good:
        resource "google_container_cluster" "c" { enable_legacy_abac = false }
    """

    code = "TF162"
    name = "gke-legacy-abac"
    message = "GKE legacy ABAC authorisation is enabled"
    severity = Severity.ERROR
    tags = ("security", "gcp", "kubernetes")
    aliases = ("checkov:CKV_GCP_7",)
    resource_types = ("google_container_cluster",)

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        yield from self.expect(block, ev, "enable_legacy_abac", is_true, missing_is_bad=False)


class GkeBasicAuth(ResourceRule):
    """GKE cluster with basic authentication (a static ``master_auth`` username/password).

    Bad:
        resource "google_container_cluster" "c" {
          master_auth {
            username = "admin"
            password = var.password
          }
        }

    Good:
        resource "google_container_cluster" "c" {
          master_auth {
            client_certificate_config { issue_client_certificate = false }
          }
        }
    """

    code = "TF163"
    name = "gke-basic-auth"
    message = "GKE basic authentication is enabled"
    severity = Severity.ERROR
    tags = ("security", "gcp", "kubernetes", "no-peer")
    resource_types = ("google_container_cluster",)

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        value, attr = ev.attr(block, "master_auth.username")
        if isinstance(value, str) and value and attr is not None:
            yield self.finding(attr.range)


class _GcpFirewallPort(ResourceRule):
    port = 0
    protocols: tuple[str, ...] = ()
    resource_types = ("google_compute_firewall",)
    severity = Severity.ERROR

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        direction, _ = ev.attr(block, "direction")
        if direction not in (MISSING, "INGRESS"):
            return
        disabled, _ = ev.attr(block, "disabled")
        if disabled is not MISSING and not is_false(disabled):
            return  # a disabled rule is not enforced; unknown says nothing
        sources, attr = ev.attr(block, "source_ranges")
        if not isinstance(sources, list) or attr is None:
            return
        open_to = next((s for s in sources if s in ("0.0.0.0/0", "::/0")), None)
        if open_to is None:
            return
        for allow in block.children("allow"):
            protocol, _ = ev.attr(allow, "protocol")
            protocol = protocol.lower() if isinstance(protocol, str) else protocol
            ports, _ = ev.attr(allow, "ports")
            if protocol == "all" or (protocol in self.protocols and ports is MISSING):
                hit = True
            elif protocol in self.protocols:
                found = _port_ranges(ports)
                hit = bool(found) and any(lo <= self.port <= hi for lo, hi in found)
            else:
                hit = False
            if hit:
                yield self.finding(attr.range, f"Port {self.port} is open to {open_to}")
                return


class GcpFirewallOpenSsh(_GcpFirewallPort):
    """Compute firewall allowing SSH (22) from the internet.

    Bad:
        resource "google_compute_firewall" "f" {
          source_ranges = ["0.0.0.0/0"]
          allow {
            protocol = "tcp"
            ports    = ["22"]
          }
        }

    Good:
        resource "google_compute_firewall" "f" {
          source_ranges = ["35.235.240.0/20"]
          allow {
            protocol = "tcp"
            ports    = ["22"]
          }
        }
    """

    code = "TF164"
    name = "gcp-firewall-open-ssh"
    message = "SSH port open to the internet"
    tags = ("security", "gcp", "network")
    aliases = ("checkov:CKV_GCP_2",)
    port = 22
    protocols = SSH_PROTOCOLS


class GcpFirewallOpenRdp(_GcpFirewallPort):
    """Compute firewall allowing RDP (3389) from the internet.

    Bad:
        resource "google_compute_firewall" "f" {
          source_ranges = ["0.0.0.0/0"]
          allow {
            protocol = "tcp"
            ports    = ["3389"]
          }
        }

    Good:
        resource "google_compute_firewall" "f" {
          source_ranges = ["10.0.0.0/8"]
          allow {
            protocol = "tcp"
            ports    = ["3389"]
          }
        }
    """

    code = "TF165"
    name = "gcp-firewall-open-rdp"
    message = "RDP port open to the internet"
    tags = ("security", "gcp", "network")
    aliases = ("checkov:CKV_GCP_3",)
    port = 3389
    protocols = RDP_PROTOCOLS
