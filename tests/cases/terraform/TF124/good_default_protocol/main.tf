variable "lb_type" {
  type = string
}

resource "aws_lb" "network" {
  name               = "nlb"
  load_balancer_type = "network"
  subnets            = var.subnets
}

resource "aws_lb" "gateway" {
  name               = "gwlb"
  load_balancer_type = "gateway"
  subnets            = var.subnets
}

resource "aws_lb" "chosen" {
  name               = "chosen"
  load_balancer_type = var.lb_type
  subnets            = var.subnets
}

resource "aws_lb" "web" {
  name    = "web"
  subnets = var.subnets
}

resource "aws_lb_listener" "nlb" {
  load_balancer_arn = aws_lb.network.arn
  port              = 80
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.tcp.arn
  }
}

resource "aws_lb_listener" "gwlb" {
  load_balancer_arn = aws_lb.gateway.arn
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.geneve.arn
  }
}

resource "aws_lb_listener" "unknown_type" {
  load_balancer_arn = aws_lb.chosen.arn
  port              = 80
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

resource "aws_lb_listener" "unknown_lb" {
  load_balancer_arn = var.load_balancer_arn
  port              = 80
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

resource "aws_lb_listener" "either" {
  load_balancer_arn = var.use_nlb ? aws_lb.network.arn : aws_lb.web.arn
  port              = 80
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

resource "aws_lb_listener" "redirect" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}
