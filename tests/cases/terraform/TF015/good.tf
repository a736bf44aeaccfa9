resource "aws_s3_bucket" "log_bucket" {
  bucket = "logs"
}

locals {
  snake_case = 1
}
