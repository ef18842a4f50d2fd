{{/*
Probes of a Spring Boot app on its actuator port, named admin-http in every container:
liveness and readiness groups, and a startup probe that gives a slow JVM start a minute and a half
before liveness counts.
*/}}
{{- define "meshctl.probes" -}}
startupProbe:
  httpGet:
    path: /actuator/health/liveness
    port: admin-http
  periodSeconds: 3
  failureThreshold: 30
livenessProbe:
  httpGet:
    path: /actuator/health/liveness
    port: admin-http
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /actuator/health/readiness
    port: admin-http
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 3
{{- end -}}
