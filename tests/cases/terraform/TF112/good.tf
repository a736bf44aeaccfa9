resource "aws_dynamodb_table" "t" {
  name     = "t"
  hash_key = "id"
  server_side_encryption {
    enabled     = true
    kms_key_arn = "arn:aws:kms:eu-west-1:111122223333:key/abc"
  }
}
