# a token or a short password written out is a secret in clear text whatever its strength
provider "cloudflare" {
  api_token = "cf-token-123"
}

resource "mysql_user" "app" {
  user               = "app"
  plaintext_password = "hunter2"
}
