resource "aws_docdb_cluster" "d" {
  cluster_identifier = "d"
  storage_encrypted  = false
}
