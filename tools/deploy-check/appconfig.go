package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"
)

// checkAppConfig starts every app the way a manifest or compose.yaml configures it, with the
// environment it is given there, and fails when an app refuses its configuration. The apps
// validate their whole configuration first and exit with code 2 on a bad value
// (docs/configuration.md); only then do they create their logger, so a first log line (or an
// exit for any other reason: nothing answers at the addresses below) means "accepted".
//
// What only a cluster or a Docker host provides is replaced: secrets by a placeholder, pod fields
// by a name, every port by 0 (a free port), every listen address by 127.0.0.1, and Kafka and
// Elasticsearch by addresses where nothing listens.
func checkAppConfig(args []string) {
	flags := flag.NewFlagSet("app-config", flag.ExitOnError)
	manifests := flags.String("manifests", "", "comma-separated files of rendered Kubernetes manifests (helm template)")
	composeFile := flags.String("compose", "", "a Compose file")
	dist := flags.String("dist", "dist/apps", "directory of the app bundles (<app>/main.js)")
	timeout := flags.Duration("timeout", 30*time.Second, "how long an app may take to accept or refuse its configuration")
	_ = flags.Parse(args)

	var runs []appRun
	for _, file := range split(*manifests) {
		found, err := manifestApps(file)
		if err != nil {
			fail(fmt.Errorf("%s: %w", file, err))
		}
		runs = append(runs, found...)
	}
	if *composeFile != "" {
		project, err := load(*composeFile)
		if err != nil {
			fail(err)
		}
		for _, name := range project.ServiceNames() {
			service := project.Services[name]
			if service.Build == nil || len(service.Command) == 0 {
				continue
			}
			env := map[string]string{}
			for key, value := range service.Environment {
				if value != nil {
					env[key] = *value
				}
			}
			runs = append(runs, appRun{source: "compose service " + name, app: service.Command[0], env: env})
		}
	}
	if len(runs) == 0 {
		fail(errors.New("no app to check"))
	}
	problems := make([]string, len(runs))
	var wait sync.WaitGroup
	slots := make(chan struct{}, 2) // two at a time: loading a bundle takes a core for a second
	for i, run := range runs {
		wait.Add(1)
		go func() {
			defer wait.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			problems[i] = run.check(*dist, *timeout)
		}()
	}
	wait.Wait()
	failed := false
	for i, problem := range problems {
		if problem != "" {
			failed = true
			fmt.Fprintf(os.Stderr, "%s (%s) refuses its configuration:\n%s\n", runs[i].source, runs[i].app, problem)
		}
	}
	if failed {
		os.Exit(1)
	}
	fmt.Printf("%d app configurations accepted by the apps themselves\n", len(runs))
}

type appRun struct {
	source string
	app    string
	env    map[string]string
}

var portVariable = regexp.MustCompile(`_PORT$`)

func (r appRun) check(dist string, timeout time.Duration) string {
	main := filepath.Join(dist, r.app, "main.js")
	if _, err := os.Stat(main); err != nil {
		return fmt.Sprintf("  no bundle %s: build the apps first (npx nx run-many -t build)", main)
	}
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.TempDir()}
	for name, value := range r.env {
		switch {
		case portVariable.MatchString(name):
			value = "0"
		case name == "LISTEN_HOST":
			value = "127.0.0.1"
		case name == "KAFKA_BROKERS":
			value = "127.0.0.1:1"
		case name == "ELASTICSEARCH_URL", name == "SAMPLING_MANAGER_URL":
			value = "http://127.0.0.1:1"
		case name == "SAMPLING_STRATEGIES_FILE", name == "ELASTICSEARCH_TLS_CA", name == "NODE_EXTRA_CA_CERTS":
			continue // files that exist only in the container
		}
		env = append(env, name+"="+value)
	}
	cmd := exec.Command("node", main)
	cmd.Env = env
	var output bytes.Buffer
	cmd.Stderr = &output
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "  " + err.Error()
	}
	if err := cmd.Start(); err != nil {
		return "  " + err.Error()
	}
	// The logger exists only once the configuration is accepted: its first line means "accepted".
	logged := make(chan struct{})
	go func() {
		if n, _ := stdout.Read(make([]byte, 1)); n > 0 {
			close(logged)
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case <-logged:
		_ = cmd.Process.Kill()
		<-exited
		return ""
	case err := <-exited:
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == 2 {
			return "  " + strings.ReplaceAll(strings.TrimSpace(output.String()), "\n", "\n  ")
		}
		return ""
	case <-time.After(timeout):
		_ = cmd.Process.Kill()
		<-exited
		return fmt.Sprintf("  neither started nor refused its configuration within %s", timeout)
	}
}

// manifestApps finds the Deployments of rendered manifests and the environment of their first
// container; the app is the container's first argument.
func manifestApps(file string) ([]appRun, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	decoder := yaml.NewDecoder(bytes.NewReader(data))
	var runs []appRun
	for {
		var doc struct {
			Kind     string `yaml:"kind"`
			Metadata struct {
				Name string `yaml:"name"`
			} `yaml:"metadata"`
			Spec struct {
				Template struct {
					Spec struct {
						Containers []struct {
							Args []string `yaml:"args"`
							Env  []struct {
								Name      string         `yaml:"name"`
								Value     *string        `yaml:"value"`
								ValueFrom map[string]any `yaml:"valueFrom"`
							} `yaml:"env"`
						} `yaml:"containers"`
					} `yaml:"spec"`
				} `yaml:"template"`
			} `yaml:"spec"`
		}
		if err := decoder.Decode(&doc); errors.Is(err, io.EOF) {
			return runs, nil
		} else if err != nil {
			return nil, err
		}
		containers := doc.Spec.Template.Spec.Containers
		if doc.Kind != "Deployment" || len(containers) == 0 || len(containers[0].Args) == 0 {
			continue
		}
		env := map[string]string{}
		for _, variable := range containers[0].Env {
			switch {
			case variable.Value != nil:
				env[variable.Name] = *variable.Value
			case variable.ValueFrom["fieldRef"] != nil:
				env[variable.Name] = "pod-0"
			default:
				env[variable.Name] = "secret-placeholder-0123456789"
			}
		}
		runs = append(runs, appRun{source: "Deployment " + doc.Metadata.Name, app: containers[0].Args[0], env: env})
	}
}
