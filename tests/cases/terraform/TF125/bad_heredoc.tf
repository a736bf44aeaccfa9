resource "aws_iam_policy" "admin" {
  name   = "admin-${var.env}"
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "${var.sid}",
          "Effect": "Allow",
          "Action": "*",
          "Resource": "*",
          "Condition": {"StringEquals": {"aws:RequestedRegion": ${jsonencode(var.regions)}}}
        }
      ]
    }
  EOT
}
