resource "aws_elasticsearch_domain" "es" {
  domain_name = "logs"
  cluster_config {
    instance_count = 3
  }
}
