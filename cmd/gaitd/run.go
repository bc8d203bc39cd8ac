package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
)

const usage = `gaitd: running and walking gait analysis from wearable IMUs

Usage:
  gaitd analyze [flags] RECORDING   find every foot contact and summarise the run
  gaitd eval [flags] DIR            score the engine against reference trials
  gaitd serve [flags]               follow live sensors (serial, MQTT): metrics and run summaries
  gaitd demo [flags]                serve simulated runners through the embedded MQTT broker
  gaitd devices                     list serial ports
  gaitd version                     print the version

Run 'gaitd COMMAND -h' for the flags of a command.
`

// version is set at build time with -ldflags "-X main.version=…"; else
// it is the module version the go command stamped (go install …@v1.2.3;
// go build in a git checkout stamps the commit's pseudo-version, with
// "+dirty" for uncommitted changes), or dev+ the commit (toolchains that
// stamp only the commit; "-dirty"), or dev (go run, -buildvcs=false).
// (A constant here: the linker's -X sets only a variable initialised to
// one; init completes it.)
var version = "dev"

func init() { version = buildVersion(version, debug.ReadBuildInfo) }

// buildVersion returns v unless it is "dev", else what the build info
// tells (see version).
func buildVersion(v string, info func() (*debug.BuildInfo, bool)) string {
	bi, ok := info()
	if v != "dev" || !ok {
		return v
	}
	if m := bi.Main.Version; m != "" && m != "(devel)" {
		return m
	}
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "-dirty"
			}
		}
	}
	if rev == "" {
		return v
	}
	return "dev+" + rev[:min(12, len(rev))] + dirty
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return flag.ErrHelp
	}
	if len(args) > 1 && args[0] != "help" && asksHelp(args[1:]) {
		// COMMAND … -h: the usage on stdout (on stderr it could not be
		// paged: gaitd analyze -h | less) and, from main, status 0; the
		// flags before -h are still parsed (and refused when wrong)
		return dispatch(ctx, args, stdout, stdout)
	}
	return dispatch(ctx, args, stdout, stderr)
}

// asksHelp reports whether a command's arguments ask for its usage: the
// last is -h (or --h, -help, --help) — not any: a flag's value may be "-h"
// (--summary -h FILE ran the analysis with its messages on stdout).
func asksHelp(args []string) bool {
	switch args[len(args)-1] {
	case "-h", "--h", "-help", "--help":
		return true
	}
	return false
}

// commandHelp prints command cmd's usage and flags on w.
func commandHelp(ctx context.Context, cmd string, w io.Writer) error {
	if err := dispatch(ctx, []string{cmd, "-h"}, w, w); !errors.Is(err, flag.ErrHelp) {
		return err
	}
	return nil
}

// dispatch runs the command args[0] with its arguments.
func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	switch args[0] {
	case "analyze", "analyse":
		return runAnalyze(ctx, args[1:], stdout, stderr)
	case "eval":
		return runEval(ctx, args[1:], stdout, stderr)
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "demo":
		return runDemo(ctx, args[1:], stdout, stderr)
	case "devices":
		return runDevices(args[1:], stdout, stderr)
	case "version", "--version", "-version":
		// (--version as most tools take it: it was an unknown command)
		if len(args) > 1 && asksHelp(args[1:]) {
			fmt.Fprintln(stderr, "Usage: gaitd version\n\nPrints the version (see README: the build's, else the go command's stamp, else dev).")
			return flag.ErrHelp
		}
		if len(args) > 1 {
			return usageError{fmt.Errorf("version: unexpected argument %q", args[1])}
		}
		fmt.Fprintln(stdout, "gaitd", version)
		return nil
	case "help", "-h", "--help":
		if len(args) > 1 && args[1] != "help" && args[0] == "help" {
			// gaitd help analyze: analyze's own flags, on stdout (to
			// page them)
			return commandHelp(ctx, args[1], stdout)
		}
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usageError{fmt.Errorf("unknown command %q", args[0])}
}
