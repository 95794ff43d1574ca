// Builds the Jaeger v2 binary (cmd/jaeger) at a pinned version for bench/e2e.ts.
// `go install github.com/jaegertracing/jaeger/cmd/jaeger@v1.76.0` is refused because Jaeger's
// go.mod has a replace directive; this wrapper module requires the same version and copies that
// replace, so the build resolves exactly the dependency versions of Jaeger's own go.mod.
// v1.76.0 is the Go-module tag of the Jaeger v2.13.0 release (its v2.x tags cannot be required).
module waymark.local/bench/jaeger-build

go 1.24.6

require github.com/jaegertracing/jaeger v1.76.0

replace github.com/Shopify/sarama => github.com/Shopify/sarama v1.33.0
