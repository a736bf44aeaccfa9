module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
}

module "private" {
  source = "app.terraform.io/acme/network/aws"
}
