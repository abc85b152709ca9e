{{/* The base of every object's name: the release name (or fullnameOverride), a DNS label. */}}
{{- define "tdcc-mesh.fullname" -}}
{{- default .Release.Name .Values.fullnameOverride | trunc 52 | trimSuffix "-" -}}
{{- end -}}

{{/* The process: hub or agent; anything else fails here (values.schema.json already rejects it). */}}
{{- define "tdcc-mesh.mode" -}}
{{- if not (has .Values.mode (list "hub" "agent")) -}}
{{- fail "mode is required: --set mode=hub (on the hub cluster) or --set mode=agent (on a member)" -}}
{{- end -}}
{{- .Values.mode -}}
{{- end -}}

{{- define "tdcc-mesh.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: {{ include "tdcc-mesh.mode" . }}
{{- end -}}

{{- define "tdcc-mesh.labels" -}}
{{ include "tdcc-mesh.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: tdcc-mesh
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "tdcc-mesh.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{/* Cluster-scoped RBAC names carry the namespace so two releases of one name in two namespaces do not collide. */}}
{{- define "tdcc-mesh.clusterRoleName" -}}
{{ printf "tdcc-mesh:%s:%s" .Release.Namespace (include "tdcc-mesh.fullname" .) }}
{{- end -}}

{{- define "tdcc-mesh.bootstrapSecretName" -}}
{{- if .Values.agent.existingBootstrapSecret -}}
{{ .Values.agent.existingBootstrapSecret }}
{{- else -}}
{{ include "tdcc-mesh.fullname" . }}-bootstrap
{{- end -}}
{{- end -}}

{{- define "tdcc-mesh.replicas" -}}
{{- if eq (include "tdcc-mesh.mode" .) "hub" -}}{{ .Values.hub.replicas }}{{- else -}}{{ .Values.agent.replicas }}{{- end -}}
{{- end -}}

{{/* The east-west gateway's own labels (a component of the agent's release, never selected by the agent's). */}}
{{- define "tdcc-mesh.gatewaySelectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: gateway
{{- end -}}

{{- define "tdcc-mesh.gatewayLabels" -}}
{{ include "tdcc-mesh.gatewaySelectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: tdcc-mesh
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}
