resource "aws_dynamodb_table" "t" {
  name     = "t"
  hash_key = "id"
}
