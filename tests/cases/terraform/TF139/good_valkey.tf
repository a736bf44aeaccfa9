# Excerpt of alphagov/govuk-infrastructure terraform/deployments/elasticache/main.tf: the Valkey
# engine encrypts at rest when at_rest_encryption_enabled is left out (transit is set here so the
# case isolates the at-rest default).
resource "aws_elasticache_replication_group" "cache" {
  replication_group_id       = "govuk-shared"
  description                = "Shared Valkey"
  num_cache_clusters         = 1
  node_type                  = var.node_type
  engine                     = "valkey"
  engine_version             = var.engine_version
  transit_encryption_enabled = true
}

# An engine we cannot evaluate may be Valkey: say nothing about at-rest encryption.
resource "aws_elasticache_replication_group" "any" {
  replication_group_id       = "any"
  description                = "engine from a variable"
  engine                     = var.engine
  transit_encryption_enabled = true
}
