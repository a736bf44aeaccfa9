resource "google_storage_bucket" "b" {
  name     = "data"
  location = "EU"
}
