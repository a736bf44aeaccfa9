# SSH is TCP only; a disabled rule is not enforced; an unknown `disabled` says nothing.
variable "off" {
  type = bool
}

resource "google_compute_firewall" "udp" {
  name          = "udp"
  network       = "default"
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "udp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "disabled" {
  name          = "disabled"
  network       = "default"
  disabled      = true
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "maybe" {
  name          = "maybe"
  network       = "default"
  disabled      = var.off
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}
