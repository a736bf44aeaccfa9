module "net" {
  source = "./modules/net"
}

output "vpc" {
  value = module.net.vpc_idd
}
