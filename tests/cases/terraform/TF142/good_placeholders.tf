# placeholders to replace, an AWS idempotency token and a switch are not secrets
resource "aws_db_instance" "placeholder" {
  engine   = "postgres"
  password = "changeme"
}

resource "aws_rds_cluster" "c" {
  master_password = "<set-me-in-vault>"
}

resource "aws_efs_file_system" "fs" {
  creation_token = "shared-efs"
}

variable "allow_empty_password" {
  default = "no"
}
