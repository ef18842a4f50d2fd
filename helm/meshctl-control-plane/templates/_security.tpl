{{/*
Security contexts of every control-plane pod: non-root with a fixed UID, no privilege escalation,
every capability dropped, read-only root file system (an emptyDir is mounted on /tmp, see
_pod.tpl), the runtime's default seccomp profile. Fits the "restricted" Pod Security Standard.
*/}}
{{- define "meshctl.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.controllerUID }}
runAsGroup: {{ .Values.controllerGID }}
fsGroup: {{ .Values.controllerGID }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "meshctl.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.controllerUID }}
runAsGroup: {{ .Values.controllerGID }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}
