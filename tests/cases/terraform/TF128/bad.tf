data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["*"]
    resources = ["arn:aws:s3:::b"]
  }
}
