{{/* Names and labels shared by every template. */}}
{{- define "callfold.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "callfold.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "callfold.labels" -}}
app.kubernetes.io/name: {{ include "callfold.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "callfold.selectorLabels" -}}
app.kubernetes.io/name: {{ include "callfold.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "callfold.secretName" -}}
{{- if .Values.secret.existingSecret -}}
{{- .Values.secret.existingSecret -}}
{{- else -}}
{{- printf "%s-secrets" (include "callfold.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "callfold.hasSecret" -}}
{{- if or .Values.secret.existingSecret .Values.secret.create -}}true{{- end -}}
{{- end -}}

{{/* The components the chart deploys, in a fixed order. */}}
{{- define "callfold.components" -}}
projector writer
{{- end -}}
