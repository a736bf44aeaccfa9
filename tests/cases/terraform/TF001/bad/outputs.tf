output "name" {
  value = var.nam
}
