locals {
  none = length(var.subnets) == 0 ? 0 : 1
}
