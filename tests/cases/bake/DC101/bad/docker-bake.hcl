group "default" {
  targets = ["app", "wroker"]
}

target "app" {
  inherits = ["_commn"]
  contexts = {
    base = "target:bse"
  }
}

target "_common" {}
target "base" {}
target "worker" {}
