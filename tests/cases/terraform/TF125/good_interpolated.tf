# The judged fields are interpolations: unknown, so nothing is said.
resource "aws_iam_policy" "p" {
  name   = "p"
  policy = <<-EOT
    {
      "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "${aws_s3_bucket.b.arn}"},
        {"Effect": "Allow", "Action": ${jsonencode(var.actions)}, "Resource": "*"},
        {"Effect": "${var.effect}", "Action": "*", "Resource": "*"}
      ]
    }
  EOT
}
