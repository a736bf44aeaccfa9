target "_common" {
  context = "./app"
}

target "app" {
  inherits   = ["_common"]
  dockerfile = "Dockerfile.prod"
}

target "web" {
  context = "./web"
}

target "tools" {
  context = "./tools"
}
