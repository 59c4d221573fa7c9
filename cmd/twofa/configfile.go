package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/pelletier/go-toml/v2"
)

// configFlag is the flag that names the configuration file.
const configFlag = "config"

// addConfigFlag declares --config on fs.
func addConfigFlag(fs *flag.FlagSet) {
	fs.String(configFlag, "", "YAML (.yaml, .yml) or TOML (.toml) file of flag values, keyed by flag name; the environment and the command line win over it")
}

// configPath is the configuration file to read: the last --config on the
// command line, else TWOFA_CONFIG, else none. The command line is scanned,
// not parsed, because a command may declare more flags after the file has
// been applied.
func configPath(args []string, getenv func(string) string) string {
	path, found := "", false
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != configFlag {
			continue
		}
		if !hasValue && i+1 < len(args) {
			i++
			value = args[i]
		}
		path, found = value, true
	}
	if found {
		return path
	}
	return getenv("TWOFA_CONFIG")
}

// applyConfigFile sets the flags of fs from the configuration file named
// by --config or TWOFA_CONFIG, if any, and returns the values it set, by
// flag name. A key must be the name of a serve flag; keys for flags this
// command does not have are skipped, so one file serves every command.
func applyConfigFile(fs *flag.FlagSet, args []string, getenv func(string) string) (map[string]string, error) {
	path := configPath(args, getenv)
	if path == "" {
		return nil, nil
	}
	values, err := readConfigFile(path)
	if err != nil {
		return nil, err
	}
	known := serveFlagNames()
	set := make(map[string]string, len(values))
	for _, key := range sortedKeys(values) {
		v := values[key]
		switch {
		case key == configFlag:
			return nil, fmt.Errorf("config file %s: key %q: the file cannot name another config file; pass --config or TWOFA_CONFIG instead", path, key)
		case !known[key]:
			return nil, fmt.Errorf("config file %s: unknown key %q%s (keys are the flag names of twofa serve -h, without dashes)", path, key, suggest(key, known))
		case fs.Lookup(key) == nil:
			continue
		}
		if err := setFlag(fs, key, v); err != nil {
			return nil, fmt.Errorf("config file %s: key %q: %w (twofa serve -h describes --%s)", path, key, err, key)
		}
		set[key] = v
	}
	return set, nil
}

// readConfigFile reads a YAML or TOML file, chosen by its extension, into
// flag values, by key.
func readConfigFile(path string) (map[string]string, error) {
	var unmarshal func([]byte, any) error
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".yaml", ".yml":
		unmarshal = yaml.Unmarshal
	case ".toml":
		unmarshal = toml.Unmarshal
	default:
		return nil, fmt.Errorf("config file %s: unknown extension %q: name it .yaml, .yml or .toml", path, ext)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config file: %w", err)
	}
	var raw map[string]any
	if err := unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("config file %s: %w", path, err)
	}
	values := make(map[string]string, len(raw))
	for key, v := range raw {
		s, err := flagText(v)
		if err != nil {
			return nil, fmt.Errorf("config file %s: key %q: %w", path, key, err)
		}
		values[key] = s
	}
	return values, nil
}

// flagText is a value of the file as a flag would have it on the command
// line: a list is joined with commas, as --trusted-proxies takes it.
func flagText(v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case bool:
		return strconv.FormatBool(v), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case uint64:
		return strconv.FormatUint(v, 10), nil
	case int:
		return strconv.Itoa(v), nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case []any:
		items := make([]string, len(v))
		for i, item := range v {
			if _, isList := item.([]any); isList {
				return "", errors.New("a list inside a list is not a flag value")
			}
			s, err := flagText(item)
			if err != nil {
				return "", err
			}
			items[i] = s
		}
		return strings.Join(items, ","), nil
	}
	if reflect.ValueOf(v).Kind() == reflect.Map {
		return "", errors.New("a nested table is not a flag value; write the flags at the top level, by their flag names")
	}
	return "", fmt.Errorf("a value of type %T is not a flag value; quote it as a string", v)
}

// serveFlagNames are the names of the flags of twofa serve, the keys a
// configuration file may hold.
func serveFlagNames() map[string]bool {
	var c config
	fs := newFlagSet("serve", &c, io.Discard)
	addServeFlags(fs, &c)
	names := map[string]bool{}
	fs.VisitAll(func(f *flag.Flag) { names[f.Name] = true })
	return names
}

// suggest is ", did you mean NAME?" for the known name closest to key,
// when one is close enough to be a typo, else "".
func suggest(key string, known map[string]bool) string {
	best := closest(key, known)
	if best == "" {
		return ""
	}
	return fmt.Sprintf(", did you mean %q?", best)
}

// closest is the known name closest to key, when one is close enough to
// be a typo of it, else "".
func closest(key string, known map[string]bool) string {
	best, bestDist := "", len(key)/3+2
	for _, name := range sortedKeys(known) {
		if d := editDistance(key, name); d < bestDist {
			best, bestDist = name, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// sortedKeys returns the keys of m in order, so errors do not depend on
// map order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
