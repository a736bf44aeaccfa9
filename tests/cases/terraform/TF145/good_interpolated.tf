# The principal itself is an interpolation: unknown, so nothing is said.
resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = <<POLICY
{
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "${var.reader_arn}"},
      "Action": "s3:GetObject",
      "Resource": "${aws_s3_bucket.b.arn}/*"
    },
    {
      "Effect": "Allow",
      "Principal": ${jsonencode(var.principals)},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::b/*"
    }
  ]
}
POLICY
}
