locals {
  none  = var.subnets == [] ? 0 : 1
  some  = [] != var.subnets
}
