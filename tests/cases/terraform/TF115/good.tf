resource "aws_sqs_queue" "default" {
  name = "jobs"
}

resource "aws_sqs_queue" "kms" {
  name              = "jobs"
  kms_master_key_id = "alias/aws/sqs"
}
