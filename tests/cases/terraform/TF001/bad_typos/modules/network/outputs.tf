output "vpc_id" {
  value = "vpc-1"
}

output "subnet_id" {
  value = "subnet-1"
}
