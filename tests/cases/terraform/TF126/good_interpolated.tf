# The action is an interpolation: unknown, so nothing is said.
resource "aws_iam_role_policy" "p" {
  role   = aws_iam_role.r.id
  policy = <<EOF
{
  "Statement": [
    {"Effect": "Allow", "Action": ["${var.action}"], "Resource": "${aws_s3_bucket.b.arn}/*"},
    {"Effect": "Allow", "Action": "s3:${var.verb}*", "Resource": "*"}
  ]
}
EOF
}
