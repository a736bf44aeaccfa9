{{- define "web.sidecar" -}}
- name: sidecar
  image: busybox:1.36
  securityContext:
    privileged: true
{{- end }}
