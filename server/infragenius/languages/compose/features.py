"""What the editor asks of Compose files besides diagnostics: imported with its first request."""

from ...core.rules import EditorFeatures

FEATURES = EditorFeatures()
