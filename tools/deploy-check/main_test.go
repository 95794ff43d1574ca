package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The repository's compose.yaml, changed by one edit per case: each edit must be reported, and
// the file as it is must pass.
func TestComposeChecks(t *testing.T) {
	original, err := os.ReadFile("../../compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, old, new, want string
	}{
		{"as it is", "", "", ""},
		{"waits for start, not health", "condition: service_healthy", "condition: service_started", `depends on "kafka" with condition "service_started"`},
		{"no health check", "      test: [\"CMD\", \"/opt/kafka/bin/kafka-broker-api-versions.sh\", \"--bootstrap-server\", \"127.0.0.1:9092\"]\n", "      disable: true\n", `service "kafka" has no health check`},
		{"bind mount", "- kafka-data:/var/lib/kafka/data", "- ./kafka:/var/lib/kafka/data", `mounts "/var/lib/kafka/data" as a bind`},
		{"unscalable", "    command: [\"ingester\"]\n", "    command: [\"ingester\"]\n    container_name: ingester\n", `has container_name "ingester"`},
		{"fixed host port", "${WAYMARK_BIND_ADDRESS:-127.0.0.1}::14270", "14270:14270", "publishes host port 14270"},
		{"unknown variable", "KAFKA_CONSUMER_GROUP_ID:", "KAFKA_CONSUMER_GROUP:", "sets KAFKA_CONSUMER_GROUP, which no app reads"},
		{"query on Kafka", "      QUERY_MAX_LOOKBACK:", "      KAFKA_BROKERS: kafka:9092\n      QUERY_MAX_LOOKBACK:", "the query service must not depend on Kafka"},
		{"unknown app", `command: ["query"]`, `command: ["querier"]`, `command ["querier"] is not one app`},
		{"missing service", "\n  query:\n", "\n  querier:\n", `service "query" is missing`},
		{"schema: unknown key", "  stop_grace_period: 40s", "  stop_grace_perid: 40s", "stop_grace_perid"},
		{"consistency: unknown dependency", "      sampling-manager:\n        condition", "      sampler:\n        condition", `undefined service "sampler"`},
	}
	known := map[string]bool{}
	for _, name := range strings.Fields(`LOG_LEVEL LISTEN_HOST SHUTDOWN_TIMEOUT KAFKA_BROKERS KAFKA_TOPIC KAFKA_TOPIC_PARTITIONS
		KAFKA_TOPIC_REPLICATION_FACTOR ELASTICSEARCH_URL ES_NUM_SHARDS ES_NUM_REPLICAS SAMPLING_MANAGER_URL KAFKA_CONSUMER_GROUP_ID
		INGESTER_SPAN_MAX_PAST QUERY_MAX_LOOKBACK SAMPLING_STRATEGY_SOURCE SAMPLING_STRATEGIES_FILE SAMPLING_STRATEGIES_RELOAD_INTERVAL`) {
		known[name] = true
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			text := string(original)
			if tc.old != "" {
				if !strings.Contains(text, tc.old) {
					t.Fatalf("compose.yaml no longer contains %q: update the case", tc.old)
				}
				text = strings.Replace(text, tc.old, tc.new, 1)
			}
			file := filepath.Join(t.TempDir(), "compose.yaml")
			if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			var problems []string
			project, err := load(file)
			if err != nil {
				problems = []string{err.Error()}
			} else {
				c := checker{project: project, known: known, apps: set([]string{"collector", "ingester", "query", "sampling-manager", "all-in-one"})}
				c.check([]string{"kafka", "elasticsearch", "collector", "ingester", "query", "sampling-manager"}, []string{"ingester"})
				problems = c.problems
			}
			all := strings.Join(problems, "\n")
			if tc.want == "" && len(problems) > 0 {
				t.Fatalf("unexpected problems:\n%s", all)
			}
			if tc.want != "" && !strings.Contains(all, tc.want) {
				t.Fatalf("want a problem containing %q, got:\n%s", tc.want, all)
			}
		})
	}
}
