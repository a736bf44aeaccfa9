resource "google_container_cluster" "c" {
  name               = "c"
  location           = "europe-west1"
  enable_legacy_abac = true
}
