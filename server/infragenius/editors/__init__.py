"""Ready-made editor configurations shipped with the package (LSP4IJ template for JetBrains)."""
