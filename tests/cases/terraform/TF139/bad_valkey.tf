# Excerpt of alphagov/govuk-infrastructure terraform/deployments/elasticache/main.tf: Valkey is
# encrypted at rest by default, but not in transit; an explicit Redis engine keeps the at-rest check.
resource "aws_elasticache_replication_group" "cache" {
  replication_group_id = "govuk-shared"
  description          = "Shared Valkey"
  num_cache_clusters   = 1
  node_type            = var.node_type
  engine               = "valkey"
  engine_version       = var.engine_version
}

resource "aws_elasticache_replication_group" "redis" {
  replication_group_id       = "redis"
  description                = "Redis"
  engine                     = "redis"
  transit_encryption_enabled = true
}
