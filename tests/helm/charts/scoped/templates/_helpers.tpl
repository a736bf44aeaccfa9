{{/* Called only with the root context: its dot is known. */}}
{{- define "scoped.image" -}}
{{- with .Values.image }}{{ .repository }}:{{ .tag }}{{ end }}
{{- end }}

{{/* Called only with each value of .Values.services. */}}
{{- define "scoped.port" -}}
{{ .port }}
{{- end }}

{{/* Called with the root context and with a dict: its dot is unknown. */}}
{{- define "scoped.fullname" -}}
{{ .Release.Name }}{{ with .Values.image }}-{{ .pullPolicy | lower }}{{ end }}
{{- end }}
