{{/*
Shared names and checks of the control-plane chart. Other snippets live in their own partials:
_labels.tpl, _image.tpl, _security.tpl, _probes.tpl, _pod.tpl, _config.tpl.
*/}}

{{/* The image tag: image.tag, else the chart's appVersion. */}}
{{- define "meshctl.tag" -}}
{{- .Values.image.tag | default .Chart.AppVersion -}}
{{- end -}}

{{/* The fully qualified name of a control-plane Service: (dict "ctx" $ "service" "meshctl-api") */}}
{{- define "meshctl.serviceHost" -}}
{{- printf "%s.%s.svc.%s" .service .ctx.Release.Namespace .ctx.Values.clusterDomain -}}
{{- end -}}

{{/*
A PEM value that must be there: (dict "value" .Values.x "name" "x" "what" "the ... (PEM)").
Fails with a sentence saying what it is and where it comes from.
*/}}
{{- define "meshctl.requiredPEM" -}}
{{- $message := printf "%s is required: %s. `meshctl install` generates it; with helm, pass it (for example --set-file %s=FILE)" .name .what .name -}}
{{- $value := required $message .value -}}
{{- if not (contains "-----BEGIN " $value) -}}
{{- fail (printf "%s must be PEM (-----BEGIN ...-----), it is not: %s" .name .what) -}}
{{- end -}}
{{- $value -}}
{{- end -}}

{{- define "meshctl.trustAnchorsPEM" -}}
{{- include "meshctl.requiredPEM" (dict "value" .Values.identityTrustAnchorsPEM "name" "identityTrustAnchorsPEM" "what" "the mesh's trust anchors (PEM certificates)") -}}
{{- end -}}

{{/* The name of the Secret holding the identity issuer. */}}
{{- define "meshctl.issuerSecretName" -}}
{{- .Values.identity.issuer.existingSecret | default "meshctl-identity-issuer" -}}
{{- end -}}

{{/*
Every check on values that no single template owns, run once (included by config.yaml). Failing
here names the value and what it may be.
*/}}
{{- define "meshctl.validate" -}}
{{- if not (has .Values.injector.failurePolicy (list "Ignore" "Fail")) -}}
{{- fail (printf "injector.failurePolicy must be Ignore or Fail, not %q" (toString .Values.injector.failurePolicy)) -}}
{{- end -}}
{{- if not (has (toString .Values.proxy.nativeSidecar) (list "auto" "enabled" "disabled")) -}}
{{- fail (printf "proxy.nativeSidecar must be auto, enabled or disabled, not %q" (toString .Values.proxy.nativeSidecar)) -}}
{{- end -}}
{{- $timeout := int .Values.injector.timeoutSeconds -}}
{{- if or (lt $timeout 1) (gt $timeout 30) -}}
{{- fail (printf "injector.timeoutSeconds must be between 1 and 30, not %v" .Values.injector.timeoutSeconds) -}}
{{- end -}}
{{- range $component := list "controller" "identity" "injector" "web" -}}
{{- $replicas := toString (index $.Values $component).replicas -}}
{{- if not (regexMatch "^[1-9][0-9]*$" $replicas) -}}
{{- fail (printf "%s.replicas must be a whole number of at least 1, not %s" $component $replicas) -}}
{{- end -}}
{{- end -}}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$" (toString .Values.identityTrustDomain)) -}}
{{- fail (printf "identityTrustDomain must be a DNS name such as cluster.local, not %q" (toString .Values.identityTrustDomain)) -}}
{{- end -}}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$" (toString .Values.clusterDomain)) -}}
{{- fail (printf "clusterDomain must be a DNS name such as cluster.local, not %q" (toString .Values.clusterDomain)) -}}
{{- end -}}
{{- if not (has (toString .Values.image.pullPolicy) (list "Always" "IfNotPresent" "Never")) -}}
{{- fail (printf "image.pullPolicy must be Always, IfNotPresent or Never, not %q" (toString .Values.image.pullPolicy)) -}}
{{- end -}}
{{- if and .Values.identity.issuer.existingSecret (or .Values.identity.issuer.tls.crtPEM .Values.identity.issuer.tls.keyPEM) -}}
{{- fail "identity.issuer.existingSecret and identity.issuer.tls.crtPEM/keyPEM exclude each other: give the issuer one way" -}}
{{- end -}}
{{- end -}}
