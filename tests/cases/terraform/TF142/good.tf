variable "db_password" {
  type      = string
  sensitive = true
}

variable "password_length" {
  type    = number
  default = 16
}

resource "aws_db_instance" "db" {
  engine   = "postgres"
  username = "admin"
  password = var.db_password
}

resource "aws_secretsmanager_secret" "s" {
  name = "db-password"
}
