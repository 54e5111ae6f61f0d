package surveyfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/survivorvoice/voice/internal/model"
)

// ReadYAML reads a survey in the YAML form of the JSON format. The YAML is
// turned into JSON and decoded like a JSON file, so both formats obey the
// same rules.
func ReadYAML(r io.Reader) (*model.Definition, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, err
	}
	return decodeYAML(data)
}

func decodeYAML(data []byte) (*model.Definition, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("empty file")
		}
		return nil, errors.New(strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, errors.New("a survey file holds one YAML document")
	}
	budget := maxExpanded
	v, err := yamlValue(&doc, "", &budget)
	if err != nil {
		return nil, err
	}
	js, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return decodeJSON(js, false)
}

// maxExpanded bounds the JSON a YAML file turns into, aliases expanded.
const maxExpanded = 2 * MaxSize

var errExpanded = errors.New("the YAML expands to more than 4 MiB (too many aliases?)")

// typedFields are the fields whose values are numbers or true/false. Any
// other scalar is text, taken as written: "value: 1" is the text "1".
var typedFields = map[string]bool{
	"minutes": true, "min": true, "max": true, "max_length": true, "required": true, "integer": true,
}

// yamlValue turns a YAML node into a value for encoding/json. budget is
// about how many bytes of JSON may still be made; aliases are expanded and
// each copy spends it, so that a few anchors cannot expand into gigabytes.
func yamlValue(n *yaml.Node, field string, budget *int) (any, error) {
	if *budget -= 3 + len(n.Value); *budget < 0 {
		return nil, errExpanded
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return yamlValue(n.Content[0], field, budget)
	case yaml.AliasNode:
		return yamlValue(n.Alias, field, budget)
	case yaml.SequenceNode:
		list := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := yamlValue(c, field, budget)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		return list, nil
	case yaml.MappingNode:
		return yamlMapping(n, budget)
	default:
		return yamlScalar(n, field)
	}
}

func yamlMapping(n *yaml.Node, budget *int) (any, error) {
	m := make(map[string]any, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("line %d: a key must be a plain name", k.Line)
		}
		if *budget -= 3 + len(k.Value); *budget < 0 {
			return nil, errExpanded
		}
		if _, dup := m[k.Value]; dup {
			return nil, fmt.Errorf("line %d: %q appears twice", k.Line, k.Value)
		}
		v, err := yamlValue(n.Content[i+1], k.Value, budget)
		if err != nil {
			return nil, err
		}
		m[k.Value] = v
	}
	return m, nil
}

func yamlScalar(n *yaml.Node, field string) (any, error) {
	tag := n.ShortTag()
	switch {
	case tag == "!!null":
		return nil, nil
	case !typedFields[field] || tag != "!!int" && tag != "!!float" && tag != "!!bool":
		return n.Value, nil
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return nil, fmt.Errorf("line %d: %s: %s", n.Line, field, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if f, ok := v.(float64); ok && (math.IsInf(f, 0) || math.IsNaN(f)) {
		return nil, fmt.Errorf("line %d: %s: want a finite number", n.Line, field)
	}
	return v, nil
}
