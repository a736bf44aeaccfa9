{{- define "infragenius-cloud.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "infragenius-cloud.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "infragenius-cloud.labels" -}}
{{ include "infragenius-cloud.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "infragenius-cloud.image" -}}
{{ printf "%s:%s" .Values.image.repository .Values.image.tag }}
{{- end -}}

{{/* The service's settings (cloud/settings.py): plain values here, secrets from the Secret. */}}
{{- define "infragenius-cloud.env" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.secrets.name }}
      key: {{ .Values.secrets.databaseUrlKey }}
- name: SESSION_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ .Values.secrets.name }}
      key: {{ .Values.secrets.sessionSecretKey }}
- name: UPSTREAM_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.secrets.name }}
      key: {{ .Values.secrets.upstreamApiKeyKey }}
      optional: true
- name: BILLING_WEBHOOK_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ .Values.secrets.name }}
      key: {{ .Values.secrets.billingWebhookSecretKey }}
      optional: true
- name: LICENSE_PRIVATE_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.secrets.name }}
      key: {{ .Values.secrets.licensePrivateKeyKey }}
      optional: true
- name: UPSTREAM_BASE_URL
  value: {{ .Values.upstream.baseUrl | quote }}
- name: UPSTREAM_MODEL
  value: {{ .Values.upstream.model | quote }}
- name: REGION
  value: {{ .Values.region | quote }}
- name: RETENTION_DAYS
  value: {{ .Values.retentionDays | quote }}
- name: RATE_LIMIT_PER_MINUTE
  value: {{ .Values.rateLimitPerMinute | quote }}
{{- end -}}

{{/* What every container of the chart runs with: no root, no privilege, a read-only root. */}}
{{- define "infragenius-cloud.securityContext" -}}
runAsNonRoot: true
runAsUser: 10001
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}
