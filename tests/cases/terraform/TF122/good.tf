resource "aws_cloudtrail" "t" {
  name           = "trail"
  s3_bucket_name = "trail-logs"
  enable_log_file_validation = true
}
