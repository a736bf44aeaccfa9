provider "google" {
  project = "p"
}
