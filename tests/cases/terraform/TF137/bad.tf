resource "aws_neptune_cluster" "n" {
  cluster_identifier = "n"
}
