{{- define "demo.name" -}}
{{ .Chart.Name }}-{{ .Values.image.repository }}
{{- end }}
{{- define "demo.unused" -}}x{{- end }}
