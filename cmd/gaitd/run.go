package main

import (
	"context"
	"flag"
	"fmt"
	"io"
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

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return flag.ErrHelp
	}
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
	case "version":
		fmt.Fprintln(stdout, "gaitd", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}
