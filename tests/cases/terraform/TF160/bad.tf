resource "google_storage_bucket_iam_member" "m" {
  bucket = "b"
  role   = "roles/storage.objectViewer"
  member = "allUsers"
}

resource "google_storage_bucket_iam_binding" "b" {
  bucket  = "b"
  role    = "roles/storage.objectViewer"
  members = ["user:a@example.com", "allAuthenticatedUsers"]
}
