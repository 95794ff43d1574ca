//go:build tools

// Package build pins github.com/jaegertracing/jaeger/cmd/jaeger as a dependency of this module.
package build

import _ "github.com/jaegertracing/jaeger/cmd/jaeger"
