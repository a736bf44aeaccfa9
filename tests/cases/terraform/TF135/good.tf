resource "aws_opensearch_domain" "os" {
  domain_name = "logs"
  encrypt_at_rest {
    enabled = true
  }
}
