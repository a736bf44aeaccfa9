resource "google_storage_bucket" "b" {
  name                        = "data"
  location                    = "EU"
  uniform_bucket_level_access = true
}
