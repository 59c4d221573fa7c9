package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// configCmd is "twofa config [flags]": it prints every flag of twofa serve
// with the value serve would run with and where that value comes from,
// one per line, passwords masked. It takes the flags, TWOFA_* variables
// and --config file serve takes, and opens nothing.
func configCmd(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var c config
	fs := newFlagSet("config", &c, stderr)
	addServeFlags(fs, &c)
	fromFile, err := applySources(fs, args, getenv)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	origins := originsOf(fs, args, getenv, fromFile)
	fs.VisitAll(func(f *flag.Flag) {
		value, source, set := origins.of(f.Name)
		if !set {
			value = defaultText(f)
		}
		fmt.Fprintf(stdout, "%s = %s  (%s)\n", f.Name, shown(f.Name, value), source)
	})
	if err := c.validate(); err != nil {
		return fmt.Errorf("twofa serve would refuse this configuration: %w", err)
	}
	return nil
}

// shown is the value of a flag as twofa config prints it: quoted when
// empty or holding spaces, with the password of --db and --smtp masked.
func shown(name, value string) string {
	switch name {
	case "db":
		value = redactDSN(value)
	case "smtp":
		if value != "" {
			value = redactURL(value)
		}
	}
	if value == "" || strings.ContainsAny(value, " \t") {
		return fmt.Sprintf("%q", value)
	}
	return value
}

// defaultText is the default of a flag as its help shows it: its DefValue,
// or for a flag without one the "(default X)" of its usage text.
func defaultText(f *flag.Flag) string {
	if f.DefValue != "" {
		return f.DefValue
	}
	_, after, ok := strings.Cut(f.Usage, "(default ")
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(after, ")")
	return v
}

// commandLineValues returns the flags args sets, each with the text of its
// last occurrence. fs has parsed args already, so args hold no unknown
// flag and no error is left to report.
func commandLineValues(fs *flag.FlagSet, args []string) map[string]string {
	shadow := flag.NewFlagSet(fs.Name(), flag.ContinueOnError)
	shadow.SetOutput(io.Discard)
	got := map[string]string{}
	fs.VisitAll(func(f *flag.Flag) {
		b, _ := f.Value.(interface{ IsBoolFlag() bool })
		shadow.Var(&rawFlag{name: f.Name, got: got, isBool: b != nil && b.IsBoolFlag()}, f.Name, f.Usage)
	})
	_, _ = parseArgs(shadow, args)
	return got
}

// rawFlag records the text a flag is given on the command line.
type rawFlag struct {
	name   string
	got    map[string]string
	isBool bool
}

func (r *rawFlag) String() string {
	if r == nil || r.got == nil {
		return ""
	}
	return r.got[r.name]
}

func (r *rawFlag) Set(v string) error {
	r.got[r.name] = v
	return nil
}

// IsBoolFlag lets a bool flag stand alone, as --no-migrate does.
func (r *rawFlag) IsBoolFlag() bool { return r.isBool }
