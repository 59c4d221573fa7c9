package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Errors of the flag package, reworded by commandLineError.
var (
	badValueRe  = regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for (?:flag )?-([^:]+): (.*)$`)
	undefinedRe = regexp.MustCompile(`^flag provided but not defined: -+(.*)$`)
	noValueRe   = regexp.MustCompile(`^flag needs an argument: -+(.*)$`)
)

// commandLineError rewords an error of fs.Parse as one line that names
// the flag as it is written (--name) and says what its value should be.
func commandLineError(fs *flag.FlagSet, err error) error {
	msg := err.Error()
	if m := badValueRe.FindStringSubmatch(msg); m != nil {
		if f := fs.Lookup(m[2]); f != nil {
			return fmt.Errorf("--%s: %s", f.Name, valueError(f, m[1], m[3]))
		}
	}
	if m := undefinedRe.FindStringSubmatch(msg); m != nil {
		names := map[string]bool{}
		fs.VisitAll(func(f *flag.Flag) { names[f.Name] = true })
		hint := ""
		if name := closest(m[1], names); name != "" {
			hint = ", did you mean --" + name + "?"
		}
		return fmt.Errorf("unknown flag --%s%s (%s -h lists the flags)", m[1], hint, fs.Name())
	}
	if m := noValueRe.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("--%s needs a value (%s -h describes it)", m[1], fs.Name())
	}
	return err
}

// valueError says why f refused value: the flag's own reason when it
// gives one, else (the flag package only says "parse error") what a value
// of its type looks like, with the value quoted, so that an error from
// the environment or a file shows what was read.
func valueError(f *flag.Flag, value, reason string) string {
	if reason != "parse error" && reason != "value out of range" {
		return reason
	}
	if g, ok := f.Value.(flag.Getter); ok {
		switch g.Get().(type) {
		case time.Duration:
			return fmt.Sprintf("%q is not a duration (like 10m or 1h30m)", value)
		case bool:
			return fmt.Sprintf("%q is not true or false", value)
		case int, int64, uint, uint64:
			return fmt.Sprintf("%q is not a whole number", value)
		}
	}
	return fmt.Sprintf("%q: %s", value, reason)
}

// setFlag sets the flag name of fs to value, with valueError's wording
// when the flag refuses it.
func setFlag(fs *flag.FlagSet, name, value string) error {
	if err := fs.Set(name, value); err != nil {
		return errors.New(valueError(fs.Lookup(name), value, err.Error()))
	}
	return nil
}

// ownVariables are the TWOFA_* variables read by something other than a
// flag: the configuration file, and the tests and CI of twofa itself.
var ownVariables = map[string]bool{"TWOFA_CONFIG": true, "TWOFA_FUZZTIME": true, "TWOFA_SCREENSHOTS": true}

// checkEnvNames refuses a TWOFA_* variable of the environment that is set
// but that no flag reads, as a misspelt name would be: the operator
// believes it applies and it does not. The known names are those of the
// flags of twofa serve and of fs, and ownVariables; TWOFA_TEST_* are the
// tests'.
func checkEnvNames(fs *flag.FlagSet, getenv func(string) string) error {
	known := map[string]bool{}
	for name := range serveFlagNames() {
		known[envName(name)] = true
	}
	fs.VisitAll(func(f *flag.Flag) { known[envName(f.Name)] = true })
	for name := range ownVariables {
		known[name] = true
	}
	var names []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if !strings.HasPrefix(name, "TWOFA_") || strings.HasPrefix(name, "TWOFA_TEST_") || known[name] || getenv(name) == "" {
			continue
		}
		hint := ""
		if k := closest(name, known); k != "" {
			hint = ", did you mean " + k + "?"
		}
		return fmt.Errorf("%s is set but is no twofa variable%s (unset it; the variables are TWOFA_ and a flag of twofa serve -h, like TWOFA_EMAIL_CODE_TTL for --email-code-ttl)", name, hint)
	}
	return nil
}
