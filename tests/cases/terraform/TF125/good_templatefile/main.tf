resource "aws_iam_policy" "scoped" {
  name   = "scoped"
  policy = templatefile("${path.module}/policies/scoped.json.tpl", { actions = var.actions })
}

resource "aws_iam_policy" "looped" {
  name   = "looped"
  policy = templatefile("${path.module}/policies/looped.json.tpl", { statements = var.statements })
}

resource "aws_iam_policy" "missing" {
  name   = "missing"
  policy = templatefile("${path.module}/policies/not-there.json", {})
}

resource "aws_iam_policy" "elsewhere" {
  name   = "elsewhere"
  policy = templatefile("${var.policy_dir}/admin.json", {})
}
