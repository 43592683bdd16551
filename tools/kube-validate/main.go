// kube-validate: schema-checks rendered Kubernetes manifests (helm template output on stdin)
// against the Go API types of k8s.io/api. Every document of a known kind is decoded strictly:
// an unknown or misspelled field, a wrong type (a string where an int belongs) or a malformed
// quantity fails, naming the document. Kinds it does not know (CRDs such as KEDA's ScaledObject
// or the Prometheus Operator's ServiceMonitor) are reported as skipped, so the caller can check
// them some other way. Exit code 0 = all known documents valid, 1 = a document failed, 2 = usage.
//
//	helm template callfold deploy/helm/callfold | go run ./tools/kube-validate
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"sigs.k8s.io/yaml"
)

type typeMeta struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name string `json:"name"`
	} `json:"metadata"`
}

func target(apiVersion, kind string) any {
	switch apiVersion + "/" + kind {
	case "apps/v1/Deployment":
		return &appsv1.Deployment{}
	case "apps/v1/StatefulSet":
		return &appsv1.StatefulSet{}
	case "v1/Service":
		return &corev1.Service{}
	case "v1/ConfigMap":
		return &corev1.ConfigMap{}
	case "v1/Secret":
		return &corev1.Secret{}
	case "v1/ServiceAccount":
		return &corev1.ServiceAccount{}
	case "policy/v1/PodDisruptionBudget":
		return &policyv1.PodDisruptionBudget{}
	}
	return nil
}

func split(input []byte) [][]byte {
	var docs [][]byte
	var current bytes.Buffer
	scanner := bufio.NewScanner(bytes.NewReader(input))
	scanner.Buffer(make([]byte, 1024*1024), 16*1024*1024)
	for scanner.Scan() {
		line := scanner.Text()
		if strings.TrimRight(line, " ") == "---" {
			docs = append(docs, append([]byte(nil), current.Bytes()...))
			current.Reset()
			continue
		}
		current.WriteString(line)
		current.WriteByte('\n')
	}
	docs = append(docs, current.Bytes())
	return docs
}

func main() {
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "kube-validate: cannot read stdin:", err)
		os.Exit(2)
	}
	valid, skipped, failed := 0, 0, 0
	for _, doc := range split(input) {
		var meta typeMeta
		if err := yaml.Unmarshal(doc, &meta); err != nil {
			fmt.Printf("INVALID yaml: %v\n", err)
			failed++
			continue
		}
		if meta.Kind == "" {
			continue // empty document (comments only)
		}
		name := fmt.Sprintf("%s %s/%s", meta.APIVersion, meta.Kind, meta.Metadata.Name)
		object := target(meta.APIVersion, meta.Kind)
		if object == nil {
			fmt.Printf("SKIPPED %s (no schema for this kind)\n", name)
			skipped++
			continue
		}
		if err := yaml.UnmarshalStrict(doc, object); err != nil {
			fmt.Printf("INVALID %s: %v\n", name, err)
			failed++
			continue
		}
		fmt.Printf("VALID %s\n", name)
		valid++
	}
	fmt.Printf("%d valid, %d invalid, %d skipped\n", valid, failed, skipped)
	if failed > 0 {
		os.Exit(1)
	}
}
