{{/* Names: <release>-waymark, or the release name when it already contains the chart's. */}}
{{- define "waymark.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* dict "root" $ "component" "collector" */}}
{{- define "waymark.componentName" -}}
{{- printf "%s-%s" (include "waymark.fullname" .root) .component -}}
{{- end -}}

{{- define "waymark.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "waymark.labels" -}}
{{ include "waymark.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: waymark
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "waymark.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "waymark.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "waymark.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* Environment every app gets. */}}
{{- define "waymark.env.common" -}}
- name: LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
- name: LISTEN_HOST
  value: "0.0.0.0"
- name: SHUTDOWN_TIMEOUT
  value: {{ printf "%ds" (int .Values.shutdownTimeoutSeconds) | quote }}
{{- if .Values.kafka.tls.caSecret.name }}
- name: NODE_EXTRA_CA_CERTS
  value: /etc/waymark/kafka-ca/{{ .Values.kafka.tls.caSecret.key }}
{{- end }}
{{- end -}}

{{/* Kafka: collector and ingester. */}}
{{- define "waymark.env.kafka" -}}
{{- $kafka := .Values.kafka -}}
- name: KAFKA_BROKERS
  value: {{ join "," $kafka.brokers | quote }}
- name: KAFKA_TOPIC
  value: {{ $kafka.topic | quote }}
- name: KAFKA_CREATE_TOPIC
  value: {{ $kafka.createTopic | quote }}
- name: KAFKA_TOPIC_PARTITIONS
  value: {{ $kafka.topicPartitions | quote }}
- name: KAFKA_TOPIC_REPLICATION_FACTOR
  value: {{ $kafka.topicReplicationFactor | quote }}
- name: KAFKA_TLS
  value: {{ $kafka.tls.enabled | quote }}
{{- if $kafka.sasl.mechanism }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $kafka.sasl.mechanism | quote }}
- name: KAFKA_SASL_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.sasl.existingSecret is required with kafka.sasl.mechanism" $kafka.sasl.existingSecret }}
      key: {{ $kafka.sasl.usernameKey }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $kafka.sasl.existingSecret }}
      key: {{ $kafka.sasl.passwordKey }}
{{- end }}
{{- end -}}

{{/* Elasticsearch: ingester, query, and the adaptive sampling store. */}}
{{- define "waymark.env.elasticsearch" -}}
{{- $es := .Values.elasticsearch -}}
- name: ELASTICSEARCH_URL
  value: {{ join "," $es.urls | quote }}
- name: ES_INDEX_PREFIX
  value: {{ $es.indexPrefix | quote }}
- name: ES_NUM_SHARDS
  value: {{ $es.numShards | quote }}
- name: ES_NUM_REPLICAS
  value: {{ $es.numReplicas | quote }}
{{- if $es.auth.existingSecret }}
{{- if eq $es.auth.type "apiKey" }}
- name: ELASTICSEARCH_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $es.auth.existingSecret }}
      key: {{ $es.auth.apiKeyKey }}
{{- else }}
- name: ELASTICSEARCH_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ $es.auth.existingSecret }}
      key: {{ $es.auth.usernameKey }}
- name: ELASTICSEARCH_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $es.auth.existingSecret }}
      key: {{ $es.auth.passwordKey }}
{{- end }}
{{- end }}
{{- if $es.tls.caSecret.name }}
- name: ELASTICSEARCH_TLS_CA
  value: /etc/waymark/elasticsearch-ca/{{ $es.tls.caSecret.key }}
{{- end }}
{{- end -}}

{{/* Volumes every pod gets: a writable /tmp (the root filesystem is read-only) and the CAs. */}}
{{- define "waymark.volumes" -}}
- name: tmp
  emptyDir: {}
{{- if .Values.kafka.tls.caSecret.name }}
- name: kafka-ca
  secret:
    secretName: {{ .Values.kafka.tls.caSecret.name }}
{{- end }}
{{- if .Values.elasticsearch.tls.caSecret.name }}
- name: elasticsearch-ca
  secret:
    secretName: {{ .Values.elasticsearch.tls.caSecret.name }}
{{- end }}
{{- end -}}

{{- define "waymark.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if .Values.kafka.tls.caSecret.name }}
- name: kafka-ca
  mountPath: /etc/waymark/kafka-ca
  readOnly: true
{{- end }}
{{- if .Values.elasticsearch.tls.caSecret.name }}
- name: elasticsearch-ca
  mountPath: /etc/waymark/elasticsearch-ca
  readOnly: true
{{- end }}
{{- end -}}

{{/*
A Deployment of one app. dict:
  root      the chart's root context
  component the app ("collector", …), also the image's argument
  values    the component's values
  ports     list of dict name/port (container ports; "admin" carries the probes)
  env       the app's own environment (YAML list as a string)
  volumes, volumeMounts  extra ones (YAML lists as strings), optional
*/}}
{{- define "waymark.deployment" -}}
{{- $root := .root -}}
{{- $values := .values -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "waymark.componentName" . }}
  labels:
    {{- include "waymark.labels" . | nindent 4 }}
spec:
  {{- if not (and $values.autoscaling $values.autoscaling.enabled) }}
  replicas: {{ $values.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "waymark.selectorLabels" . | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  template:
    metadata:
      labels:
        {{- include "waymark.selectorLabels" . | nindent 8 }}
      {{- with $values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      serviceAccountName: {{ include "waymark.serviceAccountName" $root }}
      automountServiceAccountToken: false
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      # The app stops intake, drains and commits within SHUTDOWN_TIMEOUT; then SIGKILL.
      terminationGracePeriodSeconds: {{ add (int $root.Values.shutdownTimeoutSeconds) 10 }}
      containers:
        - name: {{ .component }}
          image: {{ include "waymark.image" $root | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          args: [{{ .component | quote }}]
          ports:
            {{- range .ports }}
            - name: {{ .name }}
              containerPort: {{ .port }}
              protocol: TCP
            {{- end }}
          env:
            {{- include "waymark.env.common" $root | nindent 12 }}
            {{- .env | nindent 12 }}
            {{- with $root.Values.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
            {{- with $values.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          # /health: the process serves (restart when not); /ready: it can do its work and is
          # not draining (traffic only then).
          startupProbe:
            httpGet: { path: /health, port: admin }
            periodSeconds: 2
            failureThreshold: 30
          livenessProbe:
            httpGet: { path: /health, port: admin }
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
          readinessProbe:
            httpGet: { path: /ready, port: admin }
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 2
          resources:
            {{- toYaml $values.resources | nindent 12 }}
          securityContext:
            {{- toYaml $root.Values.securityContext | nindent 12 }}
          volumeMounts:
            {{- include "waymark.volumeMounts" $root | nindent 12 }}
            {{- with .volumeMounts }}
            {{- . | nindent 12 }}
            {{- end }}
      volumes:
        {{- include "waymark.volumes" $root | nindent 8 }}
        {{- with .volumes }}
        {{- . | nindent 8 }}
        {{- end }}
      {{- with $values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end -}}

{{/* A Service of one app: dict root, component, values, ports (name/port). */}}
{{- define "waymark.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "waymark.componentName" . }}
  labels:
    {{- include "waymark.labels" . | nindent 4 }}
  {{- with (and .values.service .values.service.annotations) }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: {{ (and .values.service .values.service.type) | default "ClusterIP" }}
  selector:
    {{- include "waymark.selectorLabels" . | nindent 4 }}
  ports:
    {{- range .ports }}
    - name: {{ .name }}
      port: {{ .port }}
      targetPort: {{ .name }}
      protocol: TCP
      {{- if .appProtocol }}
      appProtocol: {{ .appProtocol }}
      {{- end }}
    {{- end }}
{{- end -}}

{{/* HorizontalPodAutoscaler on CPU: dict root, component, values. */}}
{{- define "waymark.hpa" -}}
{{- if .values.autoscaling.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "waymark.componentName" . }}
  labels:
    {{- include "waymark.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "waymark.componentName" . }}
  minReplicas: {{ .values.autoscaling.minReplicas }}
  maxReplicas: {{ .values.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .values.autoscaling.targetCPUUtilizationPercentage }}
  behavior:
    # Scaling down moves partitions (ingester) and connections (collector): do it slowly.
    scaleDown:
      stabilizationWindowSeconds: 300
      policies:
        - type: Pods
          value: 1
          periodSeconds: 120
{{- end }}
{{- end -}}

{{- define "waymark.pdb" -}}
{{- if .values.podDisruptionBudget.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "waymark.componentName" . }}
  labels:
    {{- include "waymark.labels" . | nindent 4 }}
spec:
  minAvailable: {{ .values.podDisruptionBudget.minAvailable }}
  selector:
    matchLabels:
      {{- include "waymark.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end -}}
