resource "aws_kinesis_stream" "s" {
  name        = "events"
  shard_count = 1
}
