resource "aws_iam_policy" "admin" {
  name   = "admin"
  policy = templatefile("${path.module}/policies/admin.json.tpl", { account_id = var.account_id })
}

resource "aws_iam_role_policy" "from_vars" {
  role = aws_iam_role.r.id
  policy = templatefile("policies/scoped.json.tpl", {
    actions   = ["*"]
    resources = ["*"]
  })
}
