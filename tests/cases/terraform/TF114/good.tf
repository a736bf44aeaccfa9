resource "aws_sns_topic" "t" {
  name              = "events"
  kms_master_key_id = "alias/aws/sns"
}
