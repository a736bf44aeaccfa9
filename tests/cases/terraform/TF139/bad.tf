resource "aws_elasticache_replication_group" "r" {
  replication_group_id       = "r"
  description                = "cache"
  at_rest_encryption_enabled = false
}
