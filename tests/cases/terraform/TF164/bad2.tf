# The protocol name is case-insensitive; `disabled = false` is still enforced.
resource "google_compute_firewall" "upper" {
  name          = "upper"
  network       = "default"
  disabled      = false
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "TCP"
    ports    = ["22"]
  }
}
