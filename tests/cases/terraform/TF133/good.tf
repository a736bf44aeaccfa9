resource "aws_redshift_cluster" "r" {
  cluster_identifier = "r"
  node_type          = "dc2.large"
  encrypted          = true
}
