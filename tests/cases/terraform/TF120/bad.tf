resource "aws_cloudtrail" "t" {
  name           = "trail"
  s3_bucket_name = "trail-logs"
  is_multi_region_trail = false
}
