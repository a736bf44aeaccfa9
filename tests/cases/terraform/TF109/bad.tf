resource "aws_rds_cluster" "c" {
  engine = "aurora-postgresql"
}
