package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"
)

// slowExporter accepts every batch after a delay, so a small batcher queue overflows.
type slowExporter struct {
	delay time.Duration
	spans atomic.Int64
}

func (e *slowExporter) ExportSpans(_ context.Context, spans []sdktrace.ReadOnlySpan) error {
	time.Sleep(e.delay)
	e.spans.Add(int64(len(spans)))
	return nil
}
func (e *slowExporter) Shutdown(context.Context) error { return nil }

// The counters see what the batcher drops silently: ended − exported − failed is exactly the
// spans that never reached the exporter.
func TestDropsAreEndedMinusExported(t *testing.T) {
	inner := &slowExporter{delay: 20 * time.Millisecond}
	exporter := &countingExporter{inner: inner}
	ends := &endCounter{}
	provider := sdktrace.NewTracerProvider(
		sdktrace.WithSpanProcessor(ends),
		sdktrace.WithBatcher(exporter, sdktrace.WithMaxQueueSize(8), sdktrace.WithMaxExportBatchSize(4)),
	)
	tracer := provider.Tracer("test")
	for i := 0; i < 50; i++ {
		makeTrace(context.Background(), tracer, 0)
	}
	if err := provider.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := ends.ended.Load(); got != 150 {
		t.Fatalf("ended = %d, want 150", got)
	}
	dropped := ends.ended.Load() - exporter.exported.Load() - exporter.failed.Load()
	if dropped <= 0 {
		t.Fatalf("expected the 8-span queue to overflow, dropped = %d", dropped)
	}
	if exporter.exported.Load() != inner.spans.Load() {
		t.Fatalf("exported %d, the exporter saw %d", exporter.exported.Load(), inner.spans.Load())
	}
}

// A collector that answers 503 then 200: the transport counts the refused attempt's spans as
// retryable refusals, the exporter retries, and the batch counts as exported once.
func TestRefusedAttemptsAreCounted(t *testing.T) {
	var calls atomic.Int64
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/x-protobuf")
		w.WriteHeader(http.StatusOK)
	}))
	defer server.Close()
	transport := newCountingTransport()
	inner, err := otlptracehttp.New(context.Background(),
		otlptracehttp.WithEndpointURL(server.URL+"/v1/traces"),
		otlptracehttp.WithHTTPClient(newHTTPClient(transport)),
		otlptracehttp.WithRetry(otlptracehttp.RetryConfig{Enabled: true, InitialInterval: time.Millisecond, MaxInterval: time.Millisecond, MaxElapsedTime: 5 * time.Second}),
	)
	if err != nil {
		t.Fatal(err)
	}
	exporter := &countingExporter{inner: inner}
	spans := tracetest.SpanStubs{{Name: "a"}, {Name: "b"}, {Name: "c"}}.Snapshots()
	if err := exporter.ExportSpans(context.Background(), spans); err != nil {
		t.Fatal(err)
	}
	if exporter.exported.Load() != 3 || exporter.failed.Load() != 0 {
		t.Fatalf("exported %d failed %d, want 3 and 0", exporter.exported.Load(), exporter.failed.Load())
	}
	if transport.refusedRetryable != 3 || transport.statuses[503] != 1 || transport.statuses[200] != 1 {
		t.Fatalf("refused retryable %d, statuses %v", transport.refusedRetryable, transport.statuses)
	}
}

// An OTLP partial success from a real exporter: the rejected spans count as failed, the rest as
// exported.
func TestPartialSuccessSplitsTheBatch(t *testing.T) {
	answer, err := proto.Marshal(&coltracepb.ExportTraceServiceResponse{PartialSuccess: &coltracepb.ExportTracePartialSuccess{RejectedSpans: 1, ErrorMessage: "span too old"}})
	if err != nil {
		t.Fatal(err)
	}
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/x-protobuf")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(answer)
	}))
	defer server.Close()
	inner, err := otlptracehttp.New(context.Background(), otlptracehttp.WithEndpointURL(server.URL+"/v1/traces"))
	if err != nil {
		t.Fatal(err)
	}
	exporter := &countingExporter{inner: inner}
	spans := tracetest.SpanStubs{{Name: "a"}, {Name: "b"}, {Name: "c"}, {Name: "d"}}.Snapshots()
	if err := exporter.ExportSpans(context.Background(), spans); err == nil {
		t.Fatal("expected the exporter to report the partial success as an error")
	}
	if exporter.exported.Load() != 3 || exporter.failed.Load() != 1 || exporter.rejected.Load() != 1 {
		t.Fatalf("exported %d failed %d rejected %d, want 3, 1, 1", exporter.exported.Load(), exporter.failed.Load(), exporter.rejected.Load())
	}
}
