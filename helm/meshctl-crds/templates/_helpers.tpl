{{/*
Labels on every CRD of this chart.
*/}}
{{- define "meshctl-crds.labels" -}}
app.kubernetes.io/part-of: meshctl
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}
