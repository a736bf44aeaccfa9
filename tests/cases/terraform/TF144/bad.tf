resource "aws_cloudwatch_log_group" "l" {
  name = "app"
}
