resource "google_container_cluster" "c" {
  name     = "c"
  location = "europe-west1"
  master_auth {
    username = "admin"
    password = var.password
  }
}
