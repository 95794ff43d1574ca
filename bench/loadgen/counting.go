package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/sdk/trace"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"
)

// endCounter is a SpanProcessor that counts spans ended. Registered before the batcher, it sees
// every span the application finished, including those the BatchSpanProcessor then drops
// silently because its queue is full.
type endCounter struct{ ended atomic.Int64 }

func (c *endCounter) OnStart(context.Context, trace.ReadWriteSpan) {}
func (c *endCounter) OnEnd(trace.ReadOnlySpan)                     { c.ended.Add(1) }
func (c *endCounter) Shutdown(context.Context) error               { return nil }
func (c *endCounter) ForceFlush(context.Context) error             { return nil }

// countingExporter counts the spans the wrapped exporter reported exported (nil error, after its
// own retries), failed (an error: the batch is gone) and rejected by an OTLP partial success
// (the exporter returns an error naming how many spans the collector rejected; the rest of the
// batch was accepted).
type countingExporter struct {
	inner    trace.SpanExporter
	exported atomic.Int64
	failed   atomic.Int64
	rejected atomic.Int64
}

// The exporter wraps it: "traces export: OTLP partial success: <message> (<n> spans rejected)".
var rejectedPattern = regexp.MustCompile(`OTLP partial success: .*\((\d+) spans rejected\)$`)

func (e *countingExporter) ExportSpans(ctx context.Context, spans []trace.ReadOnlySpan) error {
	err := e.inner.ExportSpans(ctx, spans)
	n := int64(len(spans))
	switch {
	case err == nil:
		e.exported.Add(n)
	case rejectedPattern.MatchString(err.Error()):
		rejected, _ := strconv.ParseInt(rejectedPattern.FindStringSubmatch(err.Error())[1], 10, 64)
		e.rejected.Add(rejected)
		e.failed.Add(rejected)
		e.exported.Add(n - rejected)
	default:
		e.failed.Add(n)
	}
	return err
}

func (e *countingExporter) Shutdown(ctx context.Context) error { return e.inner.Shutdown(ctx) }

// quietErrors counts what the SDK reports to the global error handler (export failures, the
// batcher's complaints) instead of logging each one: under overload they would flood stderr.
type quietErrors struct {
	count atomic.Int64
	mu    sync.Mutex
	first string
}

func (q *quietErrors) Handle(err error) {
	if q.count.Add(1) == 1 {
		q.mu.Lock()
		q.first = err.Error()
		q.mu.Unlock()
	}
}

// countingTransport records every HTTP attempt of the exporter (retries included): its status,
// its round-trip time, and for answers other than 2xx the spans the refused request carried.
type countingTransport struct {
	inner http.RoundTripper

	mu               sync.Mutex
	statuses         map[int]int64
	transportErrors  int64
	refusedRetryable int64 // spans in requests answered 429, 502, 503 or 504 (the exporter retries those)
	refusedOther     int64 // spans in requests answered any other non-2xx status
	latenciesMs      []float64
}

func newCountingTransport() *countingTransport {
	inner := http.DefaultTransport.(*http.Transport).Clone()
	inner.MaxIdleConnsPerHost = 16
	return &countingTransport{inner: inner, statuses: map[int]int64{}}
}

func (t *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		_ = req.Body.Close()
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.ContentLength = int64(len(body))
	}
	started := time.Now()
	res, err := t.inner.RoundTrip(req)
	elapsed := float64(time.Since(started).Microseconds()) / 1000
	t.mu.Lock()
	defer t.mu.Unlock()
	if err != nil {
		t.transportErrors++
		return res, err
	}
	t.statuses[res.StatusCode]++
	t.latenciesMs = append(t.latenciesMs, elapsed)
	if res.StatusCode < 200 || res.StatusCode > 299 {
		spans := spansIn(body)
		switch res.StatusCode {
		case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			t.refusedRetryable += spans
		default:
			t.refusedOther += spans
		}
	}
	return res, nil
}

// spansIn counts the spans of an encoded ExportTraceServiceRequest (only for refused requests,
// so the decoding cost is paid when the collector is already refusing).
func spansIn(body []byte) int64 {
	var request coltracepb.ExportTraceServiceRequest
	if proto.Unmarshal(body, &request) != nil {
		return 0
	}
	var n int64
	for _, rs := range request.ResourceSpans {
		for _, ss := range rs.ScopeSpans {
			n += int64(len(ss.Spans))
		}
	}
	return n
}

type latencySummary struct {
	Requests int64   `json:"requests"`
	P50      float64 `json:"p50"`
	P99      float64 `json:"p99"`
	Max      float64 `json:"max"`
	// The slowest requests, slowest first, each as [request number (0 = the first), ms]:
	// whether the tail comes from the start (cold processes) or from the middle of the run.
	Slowest [][2]float64 `json:"slowest"`
}

func (t *countingTransport) latency() latencySummary {
	t.mu.Lock()
	inOrder := append([]float64(nil), t.latenciesMs...)
	t.mu.Unlock()
	sorted := append([]float64(nil), inOrder...)
	sort.Float64s(sorted)
	order := make([]int, len(inOrder))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return inOrder[order[a]] > inOrder[order[b]] })
	slowest := [][2]float64{}
	for _, i := range order[:min(5, len(order))] {
		slowest = append(slowest, [2]float64{float64(i), inOrder[i]})
	}
	at := func(q float64) float64 {
		if len(sorted) == 0 {
			return 0
		}
		i := int(q * float64(len(sorted)-1))
		return sorted[i]
	}
	return latencySummary{Requests: int64(len(sorted)), P50: at(0.5), P99: at(0.99), Max: at(1), Slowest: slowest}
}
