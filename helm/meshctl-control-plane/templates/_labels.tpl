{{/*
Labels. Every object: part-of meshctl and the control-plane namespace; per component also
meshctl.dev/control-plane-component. Called as (dict "ctx" $ "component" "controller"); the
component may be empty for objects shared by all.
*/}}
{{- define "meshctl.labels" -}}
app.kubernetes.io/part-of: meshctl
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version | replace "+" "_" }}
meshctl.dev/control-plane-ns: {{ .ctx.Release.Namespace }}
{{- if .component }}
app.kubernetes.io/name: meshctl-{{ .component }}
app.kubernetes.io/component: {{ .component }}
meshctl.dev/control-plane-component: {{ .component }}
{{- end }}
{{- end -}}

{{/* The labels a component's Deployment, Service and PodDisruptionBudget select its pods by. */}}
{{- define "meshctl.selectorLabels" -}}
meshctl.dev/control-plane-ns: {{ .ctx.Release.Namespace }}
meshctl.dev/control-plane-component: {{ .component }}
{{- end -}}
