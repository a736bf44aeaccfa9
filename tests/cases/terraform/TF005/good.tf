output "id" {
  description = "The ID"
  value       = "x"
}
