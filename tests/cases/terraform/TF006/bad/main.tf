terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

resource "aws_s3_bucket" "b" {
  bucket = "x"
}

resource "random_id" "suffix" {
  byte_length = 4
}

resource "terraform_data" "noop" {}
