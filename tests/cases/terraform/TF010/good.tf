module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"
}

module "local" {
  source = "../modules/network"
}

module "git" {
  source = "git::https://example.com/vpc.git?ref=v1"
}
