{{/*
The injection config (ConfigMap meshctl-config, key config.yaml): what the injector and
`meshctl inject` add to a pod. Its fields are the contract between this chart, mesh-injection and
meshctl (see helm/README.md).
*/}}
{{- define "meshctl.injectionConfig" -}}
{{- $proxy := .Values.proxy -}}
{{- $config := dict
  "version" (include "meshctl.tag" .)
  "controlPlaneNamespace" .Release.Namespace
  "clusterDomain" .Values.clusterDomain
  "trustDomain" .Values.identityTrustDomain
  "tokenAudience" .Values.identity.tokenAudience
  "trustAnchorsPEM" (include "meshctl.trustAnchorsPEM" .)
  "proxy" (dict
    "image" (include "meshctl.image" (dict "ctx" . "name" "mesh-proxy"))
    "imagePullPolicy" .Values.image.pullPolicy
    "uid" (int $proxy.uid)
    "logLevel" (toString $proxy.logLevel)
    "opaquePorts" (toString $proxy.opaquePorts)
    "cpuRequest" (toString $proxy.resources.cpuRequest)
    "memoryRequest" (toString $proxy.resources.memoryRequest)
    "cpuLimit" (toString $proxy.resources.cpuLimit)
    "memoryLimit" (toString $proxy.resources.memoryLimit)
    "nativeSidecar" (toString $proxy.nativeSidecar)) -}}
{{- toYaml $config -}}
{{- end -}}
