resource "aws_sqs_queue" "q" {
  name                    = "jobs"
  sqs_managed_sse_enabled = false
}
