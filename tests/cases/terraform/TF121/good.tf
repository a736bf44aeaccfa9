resource "aws_cloudtrail" "t" {
  name           = "trail"
  s3_bucket_name = "trail-logs"
  kms_key_id = aws_kms_key.trail.arn
}
