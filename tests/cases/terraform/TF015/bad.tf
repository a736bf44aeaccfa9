resource "aws_s3_bucket" "LogBucket" {
  bucket = "logs"
}

variable "bucket-name" {
  type = string
}

locals {
  camelCase = 1
}
