output "arn" {
  value = aws_s3_bucket.logs.arn
}

output "where" {
  value = "${var.region}/${module.net.vpc_id}/${aws_s3_bucket.logs.id}"
}
