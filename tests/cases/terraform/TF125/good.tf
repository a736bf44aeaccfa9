resource "aws_iam_policy" "scoped" {
  name = "read"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "*" }]
  })
}

resource "aws_iam_policy" "deny" {
  name = "deny"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = "*", Resource = "*" }]
  })
}

resource "aws_iam_policy" "from_data" {
  name   = "doc"
  policy = data.aws_iam_policy_document.p.json
}
