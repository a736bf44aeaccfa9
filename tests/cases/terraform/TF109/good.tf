resource "aws_rds_cluster" "c" {
  engine            = "aurora-postgresql"
  storage_encrypted = true
}

resource "aws_rds_cluster" "serverless" {
  engine      = "aurora-postgresql"
  engine_mode = "serverless"
}
