locals {
  public = true
}

resource "aws_db_instance" "db" {
  engine              = "postgres"
  publicly_accessible = true
}

resource "aws_rds_cluster_instance" "i" {
  cluster_identifier  = "c"
  publicly_accessible = local.public
}
