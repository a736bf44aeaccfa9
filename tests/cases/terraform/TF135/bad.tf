resource "aws_elasticsearch_domain" "es" {
  domain_name = "logs"
}

resource "aws_opensearch_domain" "os" {
  domain_name = "logs"
  encrypt_at_rest {
    enabled = false
  }
}
