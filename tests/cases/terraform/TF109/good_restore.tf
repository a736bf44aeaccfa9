# From hashicorp/terraform-provider-aws internal/service/rds/cluster_test.go (point-in-time restore
# config): the restored cluster is encrypted like its source cluster.
resource "aws_rds_cluster" "restored_pit" {
  cluster_identifier  = "restored"
  skip_final_snapshot = true
  engine              = aws_rds_cluster.test.engine
  restore_to_point_in_time {
    source_cluster_identifier  = aws_rds_cluster.test.cluster_identifier
    restore_type               = "full-copy"
    use_latest_restorable_time = true
  }
}
