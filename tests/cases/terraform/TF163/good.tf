resource "google_container_cluster" "c" {
  name     = "c"
  location = "europe-west1"
  master_auth {
    client_certificate_config {
      issue_client_certificate = false
    }
  }
}
