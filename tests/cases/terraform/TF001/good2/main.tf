module "net" {
  source = "./modules/net"
}

module "registry" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"
}

output "vpc" {
  value = module.net.vpc_id
}

output "other" {
  value = module.registry.anything
}
