package main

import (
	"archive/zip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// writeSchemas writes standalone, strict JSON schemas in the layout kubeconform reads:
//
//   - Kubernetes kinds from the kubernetes-validate wheel (PyPI), which vendors the schemas of
//     yannh/kubernetes-json-schema generated from Kubernetes' OpenAPI spec, in a "local" form whose
//     $refs point into one shared _definitions.json. kubeconform compiles each schema on its own,
//     so every kind gets the closure of the definitions it references, inlined:
//     <out>/<k8s-version>-standalone-strict/<kind>-<group>-<version>.json.
//   - Custom resources from their CustomResourceDefinition YAML (openAPIV3Schema), made strict as
//     kubeconform's openapi2jsonschema does (no properties beyond those declared):
//     <out>/crds/<group>/<kind>_<version>.json.
func writeSchemas(args []string) {
	flags := flag.NewFlagSet("k8s-schemas", flag.ExitOnError)
	wheel := flags.String("wheel", "", "the kubernetes-validate wheel")
	version := flags.String("k8s-version", "v1.33.0", "Kubernetes version of the schemas")
	kinds := flags.String("kinds", "", "comma-separated schema names, e.g. deployment-apps-v1,service-v1")
	crds := flags.String("crds", "", "comma-separated CustomResourceDefinition YAML files")
	out := flags.String("out", "", "output directory")
	_ = flags.Parse(args)
	if err := writeKindSchemas(*wheel, *version, split(*kinds), *out); err != nil {
		fail(err)
	}
	for _, file := range split(*crds) {
		if err := writeCRDSchemas(file, *out); err != nil {
			fail(fmt.Errorf("%s: %w", file, err))
		}
	}
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "deploy-check: %v\n", err)
	os.Exit(1)
}

// The kind files refer to the shared file; the definitions refer to each other within it. The
// definitions are shared by every kind written, so a definition already rewritten for an
// earlier kind carries the third form.
var definitionRefs = []string{"/api/_definitions.json#/$defs/", "#/$defs/", "#/definitions/"}

func writeKindSchemas(wheel, version string, kinds []string, out string) error {
	archive, err := zip.OpenReader(wheel)
	if err != nil {
		return err
	}
	defer archive.Close()
	dir := "kubernetes_validate/kubernetes-json-schema/" + version + "-local-strict/"
	var definitions struct {
		Defs map[string]any `json:"$defs"`
	}
	if err := readZipJSON(&archive.Reader, dir+"_definitions.json", &definitions); err != nil {
		return err
	}
	target := filepath.Join(out, version+"-standalone-strict")
	if err := os.MkdirAll(target, 0o755); err != nil {
		return err
	}
	for _, kind := range kinds {
		var schema map[string]any
		if err := readZipJSON(&archive.Reader, dir+kind+".json", &schema); err != nil {
			return err
		}
		closure := map[string]any{}
		pending := rewriteRefs(schema)
		for len(pending) > 0 {
			name := pending[0]
			pending = pending[1:]
			if _, done := closure[name]; done {
				continue
			}
			definition, ok := definitions.Defs[name]
			if !ok {
				return fmt.Errorf("%s: no definition %s", kind, name)
			}
			closure[name] = definition
			pending = append(pending, rewriteRefs(definition)...)
		}
		schema["definitions"] = closure
		if err := writeJSON(filepath.Join(target, kind+".json"), schema); err != nil {
			return err
		}
	}
	return nil
}

// rewriteRefs points every $ref into the shared definitions at the schema's own "definitions"
// and returns the names referenced.
func rewriteRefs(node any) []string {
	var names []string
	switch value := node.(type) {
	case map[string]any:
		for key, child := range value {
			if ref, ok := child.(string); ok && key == "$ref" {
				for _, prefix := range definitionRefs {
					if name, found := strings.CutPrefix(ref, prefix); found {
						value[key] = "#/definitions/" + name
						names = append(names, name)
						break
					}
				}
				continue
			}
			names = append(names, rewriteRefs(child)...)
		}
	case []any:
		for _, child := range value {
			names = append(names, rewriteRefs(child)...)
		}
	}
	return names
}

func writeCRDSchemas(file, out string) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var crd struct {
		Spec struct {
			Group string `yaml:"group"`
			Names struct {
				Kind string `yaml:"kind"`
			} `yaml:"names"`
			Versions []struct {
				Name   string `yaml:"name"`
				Schema struct {
					OpenAPIV3Schema map[string]any `yaml:"openAPIV3Schema"`
				} `yaml:"schema"`
			} `yaml:"versions"`
		} `yaml:"spec"`
	}
	if err := yaml.Unmarshal(data, &crd); err != nil {
		return err
	}
	if crd.Spec.Group == "" || crd.Spec.Names.Kind == "" || len(crd.Spec.Versions) == 0 {
		return fmt.Errorf("not a CustomResourceDefinition with versions")
	}
	target := filepath.Join(out, "crds", crd.Spec.Group)
	if err := os.MkdirAll(target, 0o755); err != nil {
		return err
	}
	for _, version := range crd.Spec.Versions {
		schema := version.Schema.OpenAPIV3Schema
		if schema == nil {
			return fmt.Errorf("version %s has no openAPIV3Schema", version.Name)
		}
		strict(schema)
		name := fmt.Sprintf("%s_%s.json", strings.ToLower(crd.Spec.Names.Kind), version.Name)
		if err := writeJSON(filepath.Join(target, name), schema); err != nil {
			return err
		}
	}
	return nil
}

// strict forbids properties an object schema does not declare, unless it keeps unknown fields.
func strict(node any) {
	switch value := node.(type) {
	case map[string]any:
		_, hasProperties := value["properties"]
		_, hasAdditional := value["additionalProperties"]
		preserve, _ := value["x-kubernetes-preserve-unknown-fields"].(bool)
		if hasProperties && !hasAdditional && !preserve {
			value["additionalProperties"] = false
		}
		for _, child := range value {
			strict(child)
		}
	case []any:
		for _, child := range value {
			strict(child)
		}
	}
}

func readZipJSON(archive *zip.Reader, name string, into any) error {
	file, err := archive.Open(name)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		return err
	}
	return json.Unmarshal(data, into)
}

func writeJSON(file string, value any) error {
	data, err := json.Marshal(value)
	if err != nil {
		return err
	}
	return os.WriteFile(file, data, 0o644)
}
