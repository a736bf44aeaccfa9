{{- define "pdb.budget" -}}
{{- with .Values.pdb.minAvailable }}
min: {{ . }}
{{- else with .Values.pdb.maxUnavailable }}
max: {{ .Values.pdb.maxUnavailable }}
{{- end }}
{{- end }}
