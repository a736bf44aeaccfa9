resource "aws_cloudwatch_log_group" "l" {
  name       = "app"
  kms_key_id = aws_kms_key.logs.arn
}
