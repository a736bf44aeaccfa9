{{/* The chart's name. */}}
{{- define "web.name" -}}
{{ .Chart.Name | trunc 63 }}
{{- end }}

{{- define "web.labels" }}
app: {{ include "web.name" . }}
{{- if .Values.extraLabels }}
{{ toYaml .Values.extraLabels }}
{{- end }}
{{- end }}
