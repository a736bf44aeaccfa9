group "default" {
  targets = ["app", "worker", "api"]
}

target "app" {
  inherits = ["_common"]
  contexts = {
    base = "target:base"
    src  = "./src"
  }
}

target "_common" {}
target "base" {}
target "worker" {}
