// Command gaitd analyses running and walking gait from wearable IMUs.
//
//	gaitd analyze [flags] RECORDING   find every foot contact and summarise the run
//	gaitd eval [flags] DIR            score the engine against reference trials
//	gaitd serve [flags]               follow live sensors (serial, MQTT): metrics and run summaries
//	gaitd demo [flags]                serve simulated runners through the embedded MQTT broker
//	gaitd devices                     list serial ports
//	gaitd version                     print the version
//	gaitd help                        print this list
//
// Run 'gaitd COMMAND -h' for the flags of a command.
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
	go func() {
		// the first signal asks for an orderly end (analyze writes what it
		// read, serve writes the open runs); a second one ends at once
		<-ctx.Done()
		stop()
	}()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "gaitd:", err)
		os.Exit(1)
	}
}
