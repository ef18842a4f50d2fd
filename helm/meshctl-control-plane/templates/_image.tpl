{{/* An image of the mesh: (dict "ctx" $ "name" "mesh-controller-app") -> <registry>/<name>:<tag> */}}
{{- define "meshctl.image" -}}
{{- printf "%s/%s:%s" (trimSuffix "/" .ctx.Values.image.registry) .name (include "meshctl.tag" .ctx) -}}
{{- end -}}

{{/* image and imagePullPolicy of a control-plane container. */}}
{{- define "meshctl.containerImage" -}}
image: {{ include "meshctl.image" . }}
imagePullPolicy: {{ .ctx.Values.image.pullPolicy }}
{{- end -}}
