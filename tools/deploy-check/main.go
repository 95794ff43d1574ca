// Command deploy-check validates compose.yaml the way Docker Compose itself loads it, without a
// Docker engine: compose-go (the library behind `docker compose`) parses the file, validates it
// against the Compose Specification JSON schema it embeds (schema/compose-spec.json of the
// pinned compose-go version in go.mod), interpolates it and checks its consistency (every
// depends_on, volume, network and config a service names exists).
//
// It then checks what a schema cannot:
//   - every required service is there, and every service has a health check that is not disabled;
//   - every depends_on waits for a health check (condition service_healthy, on a service that has one);
//   - volumes are named volumes (no bind mounts: the data belongs to Docker, not to a checkout);
//   - scalable services (-scalable) have no container_name and no fixed host port;
//   - Waymark services (those built from the Dockerfile) run a known app (-apps), set only
//     environment variables the apps read (-known-env), and the query service gets no Kafka setting.
//
// Two more subcommands: k8s-schemas writes the JSON schemas kubeconform needs for the Helm chart
// (schemas.go); app-config starts each app with the environment compose.yaml or a rendered
// chart gives it and fails when the app refuses that configuration (appconfig.go).
//
// Usage:
//
//	deploy-check compose -compose compose.yaml -known-env names.txt -apps collector,ingester,...
//	deploy-check k8s-schemas -wheel kubernetes_validate-….whl -k8s-version v1.33.0 -kinds … -crds … -out dir
//	deploy-check app-config -compose compose.yaml -manifests rendered.yaml -dist dist/apps
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: deploy-check compose|k8s-schemas|app-config [flags]")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "compose":
		checkCompose(os.Args[2:])
	case "k8s-schemas":
		writeSchemas(os.Args[2:])
	case "app-config":
		checkAppConfig(os.Args[2:])
	default:
		fmt.Fprintf(os.Stderr, "deploy-check: unknown subcommand %q\n", os.Args[1])
		os.Exit(2)
	}
}

func checkCompose(args []string) {
	flags := flag.NewFlagSet("compose", flag.ExitOnError)
	composeFile := flags.String("compose", "compose.yaml", "the Compose file to check")
	knownEnvFile := flags.String("known-env", "", "file of the environment variable names the apps read, one per line")
	apps := flags.String("apps", "", "comma-separated app names the image can run")
	required := flags.String("require", "", "comma-separated services that must exist")
	scalable := flags.String("scalable", "", "comma-separated services that must stay scalable with --scale")
	_ = flags.Parse(args)

	project, err := load(*composeFile)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: not a valid Compose file: %v\n", *composeFile, err)
		os.Exit(1)
	}
	known, err := readLines(*knownEnvFile)
	if err != nil {
		fmt.Fprintf(os.Stderr, "deploy-check: %v\n", err)
		os.Exit(2)
	}
	c := checker{project: project, known: known, apps: set(split(*apps))}
	c.check(split(*required), split(*scalable))
	if len(c.problems) > 0 {
		fmt.Fprintf(os.Stderr, "%s: %d problem(s):\n", *composeFile, len(c.problems))
		for _, problem := range c.problems {
			fmt.Fprintf(os.Stderr, "  - %s\n", problem)
		}
		os.Exit(1)
	}
	fmt.Printf("%s: valid (Compose Specification schema and consistency); %d services, each with a health check; %d dependencies wait for health; %d Waymark environment variables known to the apps\n",
		*composeFile, len(project.Services), c.dependencies, c.waymarkEnv)
}

// load parses the file as `docker compose config` would, from an empty environment so that the
// result does not depend on the shell running the check (the ${VAR:-default} defaults apply).
func load(file string) (*types.Project, error) {
	dir, err := filepath.Abs(filepath.Dir(file))
	if err != nil {
		return nil, err
	}
	options, err := cli.NewProjectOptions([]string{file},
		cli.WithWorkingDirectory(dir),
		cli.WithEnv([]string{}),
		cli.WithInterpolation(true),
		cli.WithNormalization(true),
		cli.WithConsistency(true),
		cli.WithResolvedPaths(true),
	)
	if err != nil {
		return nil, err
	}
	return options.LoadProject(context.Background())
}

type checker struct {
	project      *types.Project
	known        map[string]bool
	apps         map[string]bool
	problems     []string
	dependencies int
	waymarkEnv   int
}

func (c *checker) check(required, scalable []string) {
	c.requireServices(required)
	for _, name := range c.project.ServiceNames() {
		service := c.project.Services[name]
		c.healthAndDependencies(service)
		c.volumes(service)
		if service.Build != nil {
			c.waymarkService(service)
		}
	}
	for _, name := range scalable {
		c.scalable(name)
	}
}

func (c *checker) problem(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

func (c *checker) requireServices(names []string) {
	for _, name := range names {
		if _, ok := c.project.Services[name]; !ok {
			c.problem("service %q is missing", name)
		}
	}
}

func hasHealthCheck(service types.ServiceConfig) bool {
	return service.HealthCheck != nil && !service.HealthCheck.Disable && len(service.HealthCheck.Test) > 0 && service.HealthCheck.Test[0] != "NONE"
}

func (c *checker) healthAndDependencies(service types.ServiceConfig) {
	if !hasHealthCheck(service) {
		c.problem("service %q has no health check", service.Name)
	}
	for _, target := range sortedKeys(service.DependsOn) {
		dependency := service.DependsOn[target]
		c.dependencies++
		if dependency.Condition != types.ServiceConditionHealthy {
			c.problem("service %q depends on %q with condition %q; expected %s", service.Name, target, dependency.Condition, types.ServiceConditionHealthy)
		}
		if other, ok := c.project.Services[target]; ok && !hasHealthCheck(other) {
			c.problem("service %q waits for %q to be healthy, but %q has no health check", service.Name, target, target)
		}
	}
}

func (c *checker) volumes(service types.ServiceConfig) {
	for _, volume := range service.Volumes {
		if volume.Type != types.VolumeTypeVolume {
			c.problem("service %q mounts %q as a %s; use a named volume", service.Name, volume.Target, volume.Type)
		} else if _, ok := c.project.Volumes[volume.Source]; !ok || volume.Source == "" {
			c.problem("service %q mounts an anonymous volume at %q; use a named volume", service.Name, volume.Target)
		}
	}
}

func (c *checker) waymarkService(service types.ServiceConfig) {
	if len(service.Command) != 1 || !c.apps[service.Command[0]] {
		c.problem("service %q: command %q is not one app of %v", service.Name, []string(service.Command), sortedKeys(c.apps))
	}
	for _, name := range sortedKeys(service.Environment) {
		c.waymarkEnv++
		if !c.known[name] {
			c.problem("service %q sets %s, which no app reads", service.Name, name)
		}
		if service.Name == "query" && strings.HasPrefix(name, "KAFKA_") {
			c.problem("service %q sets %s: the query service must not depend on Kafka", service.Name, name)
		}
	}
}

func (c *checker) scalable(name string) {
	service, ok := c.project.Services[name]
	if !ok {
		c.problem("scalable service %q is missing", name)
		return
	}
	if service.ContainerName != "" {
		c.problem("service %q has container_name %q: it could not be scaled", name, service.ContainerName)
	}
	for _, port := range service.Ports {
		if port.Published != "" {
			c.problem("service %q publishes host port %s: a second replica could not bind it", name, port.Published)
		}
	}
}

func readLines(file string) (map[string]bool, error) {
	result := map[string]bool{}
	if file == "" {
		return result, nil
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		if line := strings.TrimSpace(scanner.Text()); line != "" {
			result[line] = true
		}
	}
	return result, scanner.Err()
}

func split(list string) []string {
	var result []string
	for _, item := range strings.Split(list, ",") {
		if item = strings.TrimSpace(item); item != "" {
			result = append(result, item)
		}
	}
	return result
}

func set(items []string) map[string]bool {
	result := map[string]bool{}
	for _, item := range items {
		result[item] = true
	}
	return result
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for key := range m {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	return keys
}
