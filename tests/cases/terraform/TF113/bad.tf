resource "aws_dynamodb_table" "t" {
  name     = "t"
  hash_key = "id"
  point_in_time_recovery {
    enabled = false
  }
}
