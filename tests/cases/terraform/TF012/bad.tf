output "first" {
  value = aws_instance.web.0.id
}

output "all" {
  value = aws_instance.web.*.id
}
