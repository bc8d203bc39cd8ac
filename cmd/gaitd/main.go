// Command gaitd analyses running and walking gait from wearable IMUs.
//
//	gaitd analyze [flags] recording.csv   contacts and metrics from a recording
//	gaitd eval DIR                         score the engine against reference trials
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "gaitd:", err)
		os.Exit(1)
	}
}
