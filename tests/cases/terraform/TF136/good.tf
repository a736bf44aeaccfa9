resource "aws_elasticsearch_domain" "single" {
  domain_name = "logs"
  cluster_config {
    instance_count = 1
  }
}

resource "aws_elasticsearch_domain" "many" {
  domain_name = "logs"
  cluster_config {
    instance_count = 3
  }
  node_to_node_encryption {
    enabled = true
  }
}
