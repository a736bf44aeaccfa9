resource "aws_redshift_cluster" "r" {
  cluster_identifier  = "r"
  publicly_accessible = true
}
