{{/*
The parts every control-plane pod shares. (dict "ctx" $ "component" "controller")
*/}}

{{/* Pod metadata labels and annotations; "checksums" is a dict of name -> content to hash. */}}
{{- define "meshctl.podMetadata" -}}
labels:
  {{- include "meshctl.labels" . | nindent 2 }}
  {{- with .ctx.Values.podLabels }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
annotations:
  meshctl.dev/inject: disabled
  {{- range $name, $content := .checksums }}
  checksum/{{ $name }}: {{ $content | sha256sum }}
  {{- end }}
  {{- with .ctx.Values.podAnnotations }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- end -}}

{{/* Pod spec fields after the containers: scheduling, pull secrets, security, /tmp. */}}
{{- define "meshctl.podCommon" -}}
securityContext:
  {{- include "meshctl.podSecurityContext" .ctx | nindent 2 }}
{{- with .ctx.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .ctx.Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .ctx.Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if gt (int (index .ctx.Values .component).replicas) 1 }}
affinity:
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
          labelSelector:
            matchLabels:
              {{- include "meshctl.selectorLabels" . | nindent 14 }}
{{- end }}
{{- end -}}

{{/* The emptyDir on /tmp that the read-only root file system needs (JVM, Netty natives). */}}
{{- define "meshctl.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- end -}}

{{- define "meshctl.tmpVolumeMount" -}}
- name: tmp
  mountPath: /tmp
{{- end -}}

{{/* The environment every control-plane container gets. */}}
{{- define "meshctl.commonEnv" -}}
- name: JAVA_TOOL_OPTIONS
  value: {{ .Values.jvmOptions | quote }}
{{- end -}}

{{/* A PodDisruptionBudget for a component, when it runs more than one replica. */}}
{{- define "meshctl.pdb" -}}
{{- if gt (int (index .ctx.Values .component).replicas) 1 }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: meshctl-{{ .component }}
  namespace: {{ .ctx.Release.Namespace }}
  labels:
    {{- include "meshctl.labels" . | nindent 4 }}
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      {{- include "meshctl.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end -}}

{{/*
A kubernetes.io/tls Secret from two required PEM values:
(dict "ctx" $ "component" "identity" "name" "meshctl-identity-issuer" "tls" .Values.identity.issuer.tls
      "path" "identity.issuer.tls" "what" "the identity issuer's certificate")
*/}}
{{- define "meshctl.tlsSecret" -}}
apiVersion: v1
kind: Secret
type: kubernetes.io/tls
metadata:
  name: {{ .name }}
  namespace: {{ .ctx.Release.Namespace }}
  labels:
    {{- include "meshctl.labels" . | nindent 4 }}
data:
  tls.crt: {{ include "meshctl.requiredPEM" (dict "value" .tls.crtPEM "name" (printf "%s.crtPEM" .path) "what" (printf "%s (PEM)" .what)) | b64enc }}
  tls.key: {{ include "meshctl.requiredPEM" (dict "value" .tls.keyPEM "name" (printf "%s.keyPEM" .path) "what" (printf "the private key (PEM) of %s" .what)) | b64enc }}
{{- end -}}
