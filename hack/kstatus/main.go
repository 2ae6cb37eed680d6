// kstatus prints what sigs.k8s.io/cli-utils' kstatus (the status library Flux, kpt, the cli-utils applier and
// Helm 4's --wait use) computes for Kubernetes objects: one line per object, "<status>\t<message>".
//
// Usage: kubectl get te NAME -o json | kstatus
// The input is one JSON object, or a List of them.
package main

import (
	"fmt"
	"io"
	"k8s.io/apimachinery/pkg/util/json"
	"os"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
)

func main() {
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail(err)
	}
	var object map[string]interface{}
	if err := json.Unmarshal(data, &object); err != nil {
		fail(err)
	}
	items := []interface{}{object}
	if list, ok := object["items"].([]interface{}); ok {
		items = list
	}
	for _, item := range items {
		content, ok := item.(map[string]interface{})
		if !ok {
			fail(fmt.Errorf("not an object: %v", item))
		}
		result, err := status.Compute(&unstructured.Unstructured{Object: content})
		if err != nil {
			fail(err)
		}
		fmt.Printf("%s\t%s\n", result.Status, result.Message)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "kstatus:", err)
	os.Exit(1)
}
