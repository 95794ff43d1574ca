// Command loadgen reproduces the span-drop experiment behind Waymark: an application instrumented
// with the OpenTelemetry Go SDK (otlptracehttp exporter, the default BatchSpanProcessor: queue
// 2048, batch 512, spans dropped when the queue is full) whose workers each make traces of three
// spans: an HTTP server span "/ping/GRM" with a Redis client child "ping" and a MySQL client child
// "gorm.Raw", each child sleeping 100 µs.
//
// Two modes:
//
//	loadgen -workers 8 -traces 10000              each worker makes 10,000 traces, then the SDK flushes
//	loadgen -workers 8 -duration 30s [-rate N]    for 30 s, as fast as possible (or N traces/s in all)
//
// It counts spans ended (a SpanProcessor registered before the batcher), spans the exporter
// reported exported or failed, spans in requests the collector refused (by status, from the
// exporter's HTTP transport, retried attempts included) and partial-success rejections, and prints one JSON summary line on
// stdout at exit: dropped in the SDK = ended − exported − failed.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sync"
	"syscall"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

type summary struct {
	Mode             string           `json:"mode"`
	Endpoint         string           `json:"endpoint"`
	Workers          int              `json:"workers"`
	TracesPerWorker  int              `json:"tracesPerWorker,omitempty"`
	DurationSeconds  float64          `json:"durationSeconds,omitempty"`
	RateTracesPerSec float64          `json:"rateTracesPerSecond,omitempty"`
	Traces           int64            `json:"traces"`
	SpansEnded       int64            `json:"spansEnded"`
	SpansExported    int64            `json:"spansExported"`
	SpansFailed      int64            `json:"spansFailed"`
	SpansDroppedSDK  int64            `json:"spansDroppedInSdk"`
	PartialRejected  int64            `json:"spansRejectedPartialSuccess"`
	RefusedRetryable int64            `json:"spansRefusedRetryable"`
	RefusedOther     int64            `json:"spansRefusedOther"`
	Statuses         map[string]int64 `json:"statuses"`
	TransportErrors  int64            `json:"transportErrors"`
	SdkErrors        int64            `json:"sdkErrors"`
	FirstSdkError    string           `json:"firstSdkError,omitempty"`
	LatencyMs        latencySummary   `json:"requestLatencyMs"`
	GenerateSeconds  float64          `json:"generateSeconds"`
	FlushSeconds     float64          `json:"flushSeconds"`
	ElapsedSeconds   float64          `json:"elapsedSeconds"`
	CPUSeconds       float64          `json:"cpuSeconds"`
	PeakRSSMiB       float64          `json:"peakRssMiB"`
	ShutdownError    string           `json:"shutdownError,omitempty"`
}

func main() {
	endpoint := flag.String("endpoint", "127.0.0.1:4318", "OTLP/HTTP collector host:port")
	workers := flag.Int("workers", 8, "goroutines making traces")
	traces := flag.Int("traces", 10000, "traces per worker (burst mode)")
	duration := flag.Duration("duration", 0, "sustained mode: make traces for this long instead of -traces")
	rate := flag.Float64("rate", 0, "sustained mode: traces per second over all workers (0 = as fast as possible)")
	childSleep := flag.Duration("child-sleep", 100*time.Microsecond, "how long each child span sleeps")
	shutdownTimeout := flag.Duration("shutdown-timeout", 5*time.Minute, "how long the final flush may take")
	progress := flag.Duration("progress", 5*time.Second, "progress line on stderr every (0 = never)")
	flag.Parse()

	errorsSeen := &quietErrors{}
	otel.SetErrorHandler(errorsSeen)
	transport := newCountingTransport()
	ctx := context.Background()
	inner, err := otlptracehttp.New(ctx,
		otlptracehttp.WithEndpoint(*endpoint),
		otlptracehttp.WithInsecure(),
		otlptracehttp.WithHTTPClient(newHTTPClient(transport)),
	)
	if err != nil {
		fmt.Fprintln(os.Stderr, "exporter:", err)
		os.Exit(1)
	}
	exporter := &countingExporter{inner: inner}
	ends := &endCounter{}
	res, err := resource.Merge(resource.Default(), resource.NewSchemaless(serviceAttributes()...))
	if err != nil {
		fmt.Fprintln(os.Stderr, "resource:", err)
		os.Exit(1)
	}
	// The counter first: processors see OnEnd in registration order, and the batcher may drop.
	provider := sdktrace.NewTracerProvider(
		sdktrace.WithResource(res),
		sdktrace.WithSpanProcessor(ends),
		sdktrace.WithBatcher(exporter), // default BatchSpanProcessor options (or OTEL_BSP_* from the environment)
	)
	tracer := provider.Tracer("waymark.local/bench/loadgen")

	out := summary{Endpoint: *endpoint, Workers: *workers}
	var made int64
	var madeMu sync.Mutex
	started := time.Now()
	stopProgress := make(chan struct{})
	if *progress > 0 {
		go func() {
			ticker := time.NewTicker(*progress)
			defer ticker.Stop()
			for {
				select {
				case <-stopProgress:
					return
				case <-ticker.C:
					fmt.Fprintf(os.Stderr, "loadgen %.0fs: ended %d exported %d failed %d\n", time.Since(started).Seconds(), ends.ended.Load(), exporter.exported.Load(), exporter.failed.Load())
				}
			}
		}()
	}

	var wg sync.WaitGroup
	for w := 0; w < *workers; w++ {
		wg.Add(1)
		go func(worker int) {
			defer wg.Done()
			var n int64
			if *duration > 0 {
				n = sustained(ctx, tracer, *duration, *rate/float64(*workers), *childSleep, started)
			} else {
				for i := 0; i < *traces; i++ {
					makeTrace(ctx, tracer, *childSleep)
				}
				n = int64(*traces)
			}
			madeMu.Lock()
			made += n
			madeMu.Unlock()
		}(w)
	}
	wg.Wait()
	generated := time.Now()

	flushCtx, cancel := context.WithTimeout(ctx, *shutdownTimeout)
	if err := provider.Shutdown(flushCtx); err != nil {
		out.ShutdownError = err.Error()
	}
	cancel()
	close(stopProgress)
	finished := time.Now()

	if *duration > 0 {
		out.Mode = "sustained"
		out.DurationSeconds = duration.Seconds()
		out.RateTracesPerSec = *rate
	} else {
		out.Mode = "burst"
		out.TracesPerWorker = *traces
	}
	out.Traces = made
	out.SpansEnded = ends.ended.Load()
	out.SpansExported = exporter.exported.Load()
	out.SpansFailed = exporter.failed.Load()
	out.SpansDroppedSDK = out.SpansEnded - out.SpansExported - out.SpansFailed
	out.PartialRejected = exporter.rejected.Load()
	out.SdkErrors = errorsSeen.count.Load()
	errorsSeen.mu.Lock()
	out.FirstSdkError = errorsSeen.first
	errorsSeen.mu.Unlock()
	transport.mu.Lock()
	out.RefusedRetryable = transport.refusedRetryable
	out.RefusedOther = transport.refusedOther
	out.TransportErrors = transport.transportErrors
	out.Statuses = map[string]int64{}
	for status, count := range transport.statuses {
		out.Statuses[fmt.Sprint(status)] = count
	}
	transport.mu.Unlock()
	out.LatencyMs = transport.latency()
	out.GenerateSeconds = generated.Sub(started).Seconds()
	out.FlushSeconds = finished.Sub(generated).Seconds()
	out.ElapsedSeconds = finished.Sub(started).Seconds()
	var usage syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &usage) == nil {
		out.CPUSeconds = time.Duration(usage.Utime.Nano() + usage.Stime.Nano()).Seconds()
		out.PeakRSSMiB = float64(usage.Maxrss) / 1024 // kilobytes on Linux
	}
	line, _ := json.Marshal(out)
	fmt.Println(string(line))
}

// sustained makes traces until `duration` after `started`; with a positive rate (traces/s for
// this worker) it paces them on a fixed schedule, else it makes them back to back.
func sustained(ctx context.Context, tracer traceTracer, duration time.Duration, rate float64, childSleep time.Duration, started time.Time) int64 {
	deadline := started.Add(duration)
	var n int64
	for {
		now := time.Now()
		if !now.Before(deadline) {
			return n
		}
		if rate > 0 {
			due := started.Add(time.Duration(float64(n) / rate * float64(time.Second)))
			if due.After(now) {
				time.Sleep(due.Sub(now))
				continue
			}
		}
		makeTrace(ctx, tracer, childSleep)
		n++
	}
}
