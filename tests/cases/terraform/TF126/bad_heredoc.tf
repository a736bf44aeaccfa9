resource "aws_iam_role_policy" "p" {
  role   = aws_iam_role.r.id
  policy = <<EOF
{
  "Statement": [
    {"Effect": "Allow", "Action": ["*"], "Resource": "${aws_s3_bucket.b.arn}/*"}
  ]
}
EOF
}
