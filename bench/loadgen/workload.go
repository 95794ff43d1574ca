package main

import (
	"context"
	"net/http"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

type traceTracer = trace.Tracer

func newHTTPClient(transport http.RoundTripper) *http.Client {
	return &http.Client{Transport: transport}
}

func serviceAttributes() []attribute.KeyValue {
	return []attribute.KeyValue{
		attribute.String("service.name", "grm-ping"),
		attribute.String("service.version", "1.4.2"),
		attribute.String("host.name", "bench-host-01"),
	}
}

// The attributes are built once: the workload measures the tracing pipeline, not allocation of
// attribute slices.
var (
	serverAttributes = []attribute.KeyValue{
		attribute.String("http.request.method", "GET"),
		attribute.String("http.route", "/ping/GRM"),
		attribute.String("http.scheme", "http"),
		attribute.Int("http.status_code", 200),
		attribute.String("http.target", "/ping/GRM"),
		attribute.String("network.type", "ipv4"),
		attribute.String("network.local.address", "10.0.3.17"),
		attribute.Int("network.local.port", 8080),
		attribute.String("network.protocol.name", "http"),
		attribute.String("network.protocol.version", "1.1"),
		attribute.String("network.peer.address", "10.0.7.201"),
		attribute.Int("network.peer.port", 53122),
	}
	redisAttributes = []attribute.KeyValue{
		attribute.String("code.filepath", "/app/internal/store/redis.go"),
		attribute.String("code.function", "github.com/example/app/internal/store.(*Redis).Ping"),
		attribute.Int("code.lineno", 42),
		attribute.String("db.system", "redis"),
		attribute.String("db.connection_string", "redis://redis:6379"),
		attribute.String("server.address", "redis"),
		attribute.Int("server.port", 6379),
		attribute.String("db.operation.name", "ping"),
		attribute.String("db.query.text", "ping"),
	}
	mysqlAttributes = []attribute.KeyValue{
		attribute.String("db.system", "mysql"),
		attribute.String("server.address", "mysql"),
		attribute.Int("server.port", 3306),
		attribute.String("db.operation.name", "select"),
		attribute.String("db.query.text", "SELECT 1"),
		attribute.Int("db.rows_affected", 0),
	}
)

// makeTrace is one request of the instrumented application: the server span and its two client
// children, each child sleeping childSleep.
func makeTrace(ctx context.Context, tracer trace.Tracer, childSleep time.Duration) {
	ctx, server := tracer.Start(ctx, "/ping/GRM", trace.WithSpanKind(trace.SpanKindServer), trace.WithAttributes(serverAttributes...))
	_, redis := tracer.Start(ctx, "ping", trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(redisAttributes...))
	time.Sleep(childSleep)
	redis.End()
	_, mysql := tracer.Start(ctx, "gorm.Raw", trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(mysqlAttributes...))
	time.Sleep(childSleep)
	mysql.End()
	server.End()
}
