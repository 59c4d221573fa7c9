package main

import (
	"flag"
	"strings"
)

// flagOrigins tells where each flag of a parsed flag set got its value:
// the command line wins over the TWOFA_* variables, which win over the
// --config file, as applySources applies them.
type flagOrigins struct {
	fromArgs map[string]string
	fromFile map[string]string
	path     string
	getenv   func(string) string
}

// originsOf returns the origins of the flags of fs, which applySources
// has set from args, getenv and the file (whose values are fromFile).
func originsOf(fs *flag.FlagSet, args []string, getenv func(string) string, fromFile map[string]string) flagOrigins {
	return flagOrigins{fromArgs: commandLineValues(fs, args), fromFile: fromFile, path: configPath(args, getenv), getenv: getenv}
}

// of returns the text the flag name was given and its source: "flag",
// "env TWOFA_…" or "file <path>"; set is false (and source "default")
// when nothing gave it a value.
func (o flagOrigins) of(name string) (value, source string, set bool) {
	env := envName(name)
	if v, ok := o.fromArgs[name]; ok {
		return v, "flag", true
	}
	if v := o.getenv(env); v != "" {
		return v, "env " + env, true
	}
	if v, ok := o.fromFile[name]; ok {
		return v, "file " + o.path, true
	}
	return "", "default", false
}

// coreSources describes, for the settings page, how the operator gave each
// flag that was given (core.Deps.FlagSources): "flag --email-code-ttl",
// "variable TWOFA_EMAIL_CODE_TTL (flag --email-code-ttl)" or "config file
// twofa.yaml (flag --email-code-ttl)".
func (o flagOrigins) coreSources(fs *flag.FlagSet) map[string]string {
	out := map[string]string{}
	fs.VisitAll(func(f *flag.Flag) {
		_, source, set := o.of(f.Name)
		switch {
		case !set:
		case source == "flag":
			out[f.Name] = "flag --" + f.Name
		case strings.HasPrefix(source, "env "):
			out[f.Name] = "variable " + envName(f.Name) + " (flag --" + f.Name + ")"
		default:
			out[f.Name] = "config file " + o.path + " (flag --" + f.Name + ")"
		}
	})
	return out
}
