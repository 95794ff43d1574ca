#!/usr/bin/env bash
# Validates the deployment files without a Docker engine or a Kubernetes cluster; run by
# scripts/test.sh. Fetches its tools once into a per-user cache (WAYMARK_DEPLOY_CACHE, default
# ~/.cache/waymark/deploy, like ~/.m2 for Maven), so later runs and fresh clones reuse them.
#
#   1. configuration docs: every environment variable the apps read is in docs/configuration.md
#   2. compose.yaml: loaded as `docker compose` loads it (compose-go: the Compose Specification
#      schema, interpolation, consistency), then what a schema cannot check (tools/deploy-check,
#      whose tests run first)
#   3. Dockerfile: the properties ADR 010 promises (no Dockerfile linter is installable here)
#   4. Helm chart: `helm lint --strict` and `helm template` with the default values and with
#      every option on (deploy/helm/waymark/ci/), each manifest checked by kubeconform -strict
#      against the Kubernetes and Prometheus Operator schemas; environment names checked
#   5. docs/operations.md: its PrometheusRule example is valid and names only real metrics
#   6. every app accepts the environment compose.yaml and the chart give it (started for real)
#
# Pinned tools and schemas (all from registries reachable without GitHub):
HELM_VERSION=v3.22.0                 # go install helm.sh/helm/v3/cmd/helm
KUBECONFORM_VERSION=v0.8.0           # go install github.com/yannh/kubeconform/cmd/kubeconform
KUBERNETES_VERSION=v1.33.0           # the API version the manifests are checked against
KUBERNETES_VALIDATE_VERSION=1.37.0   # PyPI kubernetes-validate: vendors the Kubernetes JSON schemas
PROMETHEUS_OPERATOR_VERSION=v0.85.0  # Go module: the ServiceMonitor / PrometheusRule CRDs
# compose-go (with its Compose Specification schema) is pinned in tools/deploy-check/go.mod.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
cache=${WAYMARK_DEPLOY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/waymark/deploy}
chart=deploy/helm/waymark
mkdir -p "$cache/bin"
export GOFLAGS=-buildvcs=false

need() { command -v "$1" >/dev/null 2>&1 || { echo "validate-deploy: '$1' is required ($2)" >&2; exit 1; }; }
need go "Go >= 1.24, https://go.dev/dl or apt-get install golang"
need python3 "with pip, to fetch the Kubernetes schemas from PyPI"
fail() { echo "validate-deploy: $*" >&2; exit 1; }
words() { tr '\n' ' ' <<<"$1"; }
app_names=()
for dir in apps/*/; do app_names+=("$(basename "$dir")"); done
checks=0
ok() { checks=$((checks + 1)); echo "  ok  $*"; }

# A Go tool at a pinned version, installed once as $cache/bin/<name>-<version>.
go_tool() {
  local name=$1 module=$2 version=$3 target="$cache/bin/$1-$3"
  if [ ! -x "$target" ]; then
    echo "  installing $name $version (go install, once)" >&2
    local tmp
    tmp=$(mktemp -d "$cache/bin/.install.XXXXXX")
    GOBIN="$tmp" go install "$module@$version" >&2
    mv "$tmp/$name" "$target"
    rmdir "$tmp"
  fi
  echo "$target"
}
helm=$(go_tool helm helm.sh/helm/v3/cmd/helm "$HELM_VERSION")
kubeconform=$(go_tool kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION")

# tools/deploy-check, rebuilt when its sources change.
check_hash=$(cat tools/deploy-check/go.mod tools/deploy-check/go.sum tools/deploy-check/*.go | sha256sum | cut -c1-16)
deploy_check="$cache/bin/deploy-check-$check_hash"
if [ ! -x "$deploy_check" ]; then
  echo "  building tools/deploy-check" >&2
  (cd tools/deploy-check && go build -o "$deploy_check" .)
  find "$cache/bin" -maxdepth 1 -name 'deploy-check-*' ! -name "deploy-check-$check_hash" -delete
fi

# Kubernetes and CRD schemas in kubeconform's layout, generated once per pinned version set.
schemas="$cache/schemas/k8s-$KUBERNETES_VERSION-kv$KUBERNETES_VALIDATE_VERSION-po$PROMETHEUS_OPERATOR_VERSION-$check_hash"
if [ ! -d "$schemas" ]; then
  echo "  fetching schemas: kubernetes-validate $KUBERNETES_VALIDATE_VERSION (PyPI), prometheus-operator $PROMETHEUS_OPERATOR_VERSION (Go proxy)" >&2
  python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$cache/pypi" "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" >&2
  wheels=("$cache/pypi/kubernetes_validate-$KUBERNETES_VALIDATE_VERSION"-*.whl)
  wheel=${wheels[0]}
  # Outside any module, so no go.sum is touched.
  operator=$(cd "$cache" && GOWORK=off go mod download -json "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -d "$operator" ] || fail "could not download the prometheus-operator module"
  crds="$operator/example/prometheus-operator-crd"
  tmp=$(mktemp -d "$cache/.schemas.XXXXXX")
  # Every kind the chart renders; a new kind fails kubeconform until it is added here.
  "$deploy_check" k8s-schemas -wheel "$wheel" -k8s-version "$KUBERNETES_VERSION" -out "$tmp" \
    -kinds deployment-apps-v1,service-v1,configmap-v1,secret-v1,serviceaccount-v1,horizontalpodautoscaler-autoscaling-v2,poddisruptionbudget-policy-v1 \
    -crds "$crds/monitoring.coreos.com_servicemonitors.yaml,$crds/monitoring.coreos.com_prometheusrules.yaml"
  rm -rf "$cache/schemas"
  mkdir -p "$cache/schemas"
  mv "$tmp" "$schemas"
fi
kubeconform_check() {
  "$kubeconform" -strict -summary -kubernetes-version "${KUBERNETES_VERSION#v}" \
    -schema-location "$schemas/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json" \
    -schema-location "$schemas/crds/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json" "$@"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "1. environment variables"
# Names the apps read: the first argument of an EnvReader call (env.int('X', …), oneOf<T>('X', …)),
# and names kept in maps of the same files ({ 'otlp-grpc': 'OTLP_GRPC_PORT' }).
mapfile -t config_files < <(grep -rlE "\.(string|optionalString|oneOf|int|number|bool|port|durationMs|sizeBytes|list|keyValues)(<[^>]*>)?\(\s*'[A-Z]" apps libs --include='*.ts' | grep -vE '\.spec\.ts$|/test/')
{
  grep -hoE "\.(string|optionalString|oneOf|int|number|bool|port|durationMs|sizeBytes|list|keyValues)(<[^>]*>)?\(\s*'[A-Z][A-Z0-9_]*'" "${config_files[@]}" | grep -oE "'[A-Z0-9_]+'"
  grep -hoE ":\s*'[A-Z][A-Z0-9]*(_[A-Z0-9]+)+'" "${config_files[@]}" | grep -oE "'[A-Z0-9_]+'"
} | tr -d "'" | sort -u >"$work/env-names.txt"
[ "$(wc -l <"$work/env-names.txt")" -gt 50 ] || fail "found only $(wc -l <"$work/env-names.txt") environment variables in apps/ and libs/: the extraction is broken"
undocumented=$(while read -r name; do grep -q "\`$name\`" docs/configuration.md || echo "$name"; done <"$work/env-names.txt")
[ -z "$undocumented" ] || fail "read by the apps but not in docs/configuration.md: $(words "$undocumented")"
ok "$(wc -l <"$work/env-names.txt") variables read by the apps, each documented in docs/configuration.md"

echo "2. compose.yaml"
# The checker's own tests first: one edit of compose.yaml per rule, each must be caught (cached
# by Go until the checker or compose.yaml changes).
(cd tools/deploy-check && go test ./... >"$work/go-test.txt" 2>&1) || { cat "$work/go-test.txt" >&2; fail "tools/deploy-check tests"; }
"$deploy_check" compose -compose compose.yaml -known-env "$work/env-names.txt" -apps "$(IFS=,; echo "${app_names[*]}")" \
  -require kafka,elasticsearch,collector,ingester,query,sampling-manager -scalable ingester | sed 's/^/  ok  /'
checks=$((checks + 1))

echo "3. Dockerfile"
dockerfile_has() { grep -qE "$1" Dockerfile || fail "Dockerfile: $2"; }
dockerfile_has '^FROM .* AS build$' "no build stage"
dockerfile_has '^FROM .* AS prod-deps$' "no production-dependencies stage"
dockerfile_has 'npm install --omit=dev' "the runtime dependencies are not production-only"
dockerfile_has '^USER [1-9][0-9]*(:[0-9]+)?$' "the runtime user is not a numeric non-root user"
dockerfile_has '^HEALTHCHECK .*' "no HEALTHCHECK"
[ "$(grep -cE '^COPY --from=(build|prod-deps) ' Dockerfile)" -eq 2 ] || fail "Dockerfile: the runtime stage should copy exactly the bundles and the production node_modules"
for app in "${app_names[@]}"; do grep -q "$app" Dockerfile || fail "Dockerfile: the launcher's usage does not name app $app"; done
ok "multi-stage, production dependencies only, numeric non-root user, HEALTHCHECK, every app named (hadolint is not installable here)"

echo "4. Helm chart"
manifest_files=()
for values in "" "$chart/ci/full-values.yaml"; do
  label=${values:-default values}
  args=(--kube-version "${KUBERNETES_VERSION#v}")
  [ -z "$values" ] || args+=(-f "$values")
  "$helm" lint --strict --quiet "${args[@]}" "$chart" >"$work/lint.txt" 2>&1 || { cat "$work/lint.txt" >&2; fail "helm lint ($label)"; }
  manifests="$work/manifests-$(basename "${values:-default}" .yaml).yaml"
  "$helm" template waymark "$chart" --namespace tracing "${args[@]}" >"$manifests"
  manifest_files+=("$manifests")
  summary=$(kubeconform_check "$manifests") || { echo "$summary" >&2; fail "kubeconform ($label)"; }
  # Environment variable names (upper case; every other `- name:` of a manifest is lower case).
  unknown=$(grep -oE '^\s+- name: [A-Z][A-Z0-9_]*$' "$manifests" | awk '{print $3}' | sort -u |
    grep -vxF -f "$work/env-names.txt" | grep -vxE 'NODE_EXTRA_CA_CERTS' || true)
  [ -z "$unknown" ] || fail "the chart ($label) sets variables no app reads: $(words "$unknown")"
  ok "helm lint --strict, helm template | kubeconform -strict ($label): ${summary#Summary: }"
done
! "$helm" template waymark "$chart" --kube-version "${KUBERNETES_VERSION#v}" --show-only templates/query.yaml | grep -q 'name: KAFKA_' ||
  fail "the query Deployment gets Kafka settings; the query service must not depend on Kafka"
if "$helm" template waymark "$chart" --kube-version "${KUBERNETES_VERSION#v}" --set collector.replicaz=1 >/dev/null 2>&1; then
  fail "values.schema.json accepts an unknown value (collector.replicaz)"
fi
ok "the query service gets no Kafka settings; values.schema.json refuses unknown values"

echo "5. alerting rules in docs/operations.md"
awk '/^```yaml$/ { block = ""; inside = 1; next } /^```$/ { if (inside && block ~ /kind: PrometheusRule/) printf "%s", block; inside = 0; next } inside { block = block $0 "\n" }' \
  docs/operations.md >"$work/rules.yaml"
[ -s "$work/rules.yaml" ] || fail "docs/operations.md has no PrometheusRule example"
summary=$(kubeconform_check "$work/rules.yaml") || { echo "$summary" >&2; fail "the PrometheusRule in docs/operations.md"; }
grep -rhoE "name: 'waymark_[a-z0-9_]+'" apps libs --include='*.ts' | grep -oE 'waymark_[a-z0-9_]+' | sort -u >"$work/metrics.txt"
unknown=$(grep -oE 'waymark_[a-z0-9_]+' "$work/rules.yaml" | sed -E 's/_(bucket|sum|count)$//' | sort -u | grep -vxF -f "$work/metrics.txt" || true)
[ -z "$unknown" ] || fail "docs/operations.md alerts on metrics no app exports: $(words "$unknown")"
ok "PrometheusRule valid (kubeconform -strict, CRD $PROMETHEUS_OPERATOR_VERSION); its $(grep -oE 'waymark_[a-z0-9_]+' "$work/rules.yaml" | sort -u | wc -l) metric names exist in the code"

echo "6. the apps accept the configuration compose.yaml and the chart give them"
# Each app started with each environment (secrets, files and addresses replaced): an app refuses
# a bad value with exit code 2 before it does anything else. Uses the bundles `npm test` has just
# built; when run alone, builds the missing ones.
for app in "${app_names[@]}"; do
  [ -f "dist/apps/$app/main.js" ] || node tools/build-app.mjs "$app" >/dev/null
done
"$deploy_check" app-config -compose compose.yaml -manifests "$(IFS=,; echo "${manifest_files[*]}")" -dist dist/apps | sed 's/^/  ok  /'
checks=$((checks + 1))

echo "deploy validation passed: $checks checks"
