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
	"io"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/gaitd/gaitd/gait/output"
)

// signalStatus is the exit status of a process ended by signal s, as a
// shell reports one killed by it: 128 + its number (130 for SIGINT, 143
// for SIGTERM).
func signalStatus(s os.Signal) int {
	if n, ok := s.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 130
}

// stopSignals are the signals that end a command in order (serve writes
// every open run, analyze what it read): SIGINT, SIGTERM and SIGHUP. A
// hangup — the terminal serve was started from closing, or an operator's
// `kill -HUP` expecting a reload, which gaitd does not have — killed
// serve at once and every open run was lost (a black-box round). SIGHUP is
// left alone when the process started with it ignored (nohup): handling it
// would undo that.
func stopSignals() []os.Signal {
	s := []os.Signal{os.Interrupt, syscall.SIGTERM}
	if !signal.Ignored(syscall.SIGHUP) {
		s = append(s, syscall.SIGHUP)
	}
	return s
}

// repeatGrace is how long after the first stop signal another one is
// taken as the same request sent twice, not a second one.
const repeatGrace = 300 * time.Millisecond

func main() {
	sigs := stopSignals()
	ctx, stop := signal.NotifyContext(context.Background(), sigs...)
	defer stop()
	again := make(chan os.Signal, 1)
	go func() {
		// the first signal asks for an orderly end (analyze writes what it
		// read, serve writes the open runs); a second one ends at once,
		// removing the temporary files of outputs not yet written, and
		// says so
		<-ctx.Done()
		first := time.Now()
		signal.Notify(again, sigs...)
		stop()
		for {
			s := <-again
			if time.Since(first) < repeatGrace {
				// the same stop sent twice: `timeout` signals the
				// process and then its group, systemd and a shell's job
				// control can do the same; read as a second request,
				// it lost serve's open runs without a word (an audit)
				continue
			}
			fmt.Fprintf(os.Stderr, "gaitd: %v again: stopping at once; what was not yet written (open runs, output files) is lost\n", s)
			output.RemovePending()
			os.Exit(signalStatus(s))
		}
	}()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			if len(os.Args) > 2 && asksHelp(os.Args[2:]) {
				os.Exit(0) // asked for: gaitd COMMAND -h
			}
			os.Exit(2)
		}
		printError(os.Stderr, err)
		os.Exit(exitStatus(err))
	}
}

// printError writes a command's error on w, each of its lines prefixed
// "gaitd: " — a joined error (errors.Join: the events file's failure
// beside the summary's, a read error beside an interrupt) is one line per
// error, and its second line came without the prefix, as if it were not
// gaitd's.
func printError(w io.Writer, err error) {
	if errors.As(err, new(loggedError)) {
		return
	}
	for line := range strings.SplitSeq(err.Error(), "\n") {
		fmt.Fprintln(w, "gaitd:", line)
	}
}

// exitStatus is main's exit status for a command's error: exConfig for
// serve's configuration errors (configError); 2 for another command's
// error in its arguments (usageError), as for a flag the flag package
// refuses; 1 for any other.
func exitStatus(err error) int {
	switch {
	case errors.As(err, new(configError)):
		return exConfig
	case errors.As(err, new(usageError)):
		return 2
	}
	return 1
}

// exConfig is serve's exit status for an error in its flags or its
// configuration file: EX_CONFIG of BSD's sysexits.h. Not 2, the command
// line's usual status, which Go gives an unrecovered panic and a fatal
// runtime error too: with RestartPreventExitStatus=2 in
// deploy/gaitd.service a crashed daemon was not restarted (a review).
// The unit keeps systemd from restarting into a configuration error with
// RestartPreventExitStatus=78.
const exConfig = 78

// configError is serve's usageError: exit status exConfig.
type configError struct{ error }

func (e configError) Unwrap() error { return e.error }

// usageError marks an error in a command's arguments, flags or
// configuration file, found before the command does anything (exit
// status 2, exitStatus). Errors of the work itself — a recording that
// cannot be read, a port that will not open, a data folder that cannot be
// written — are not marked: what a restart or a retry may cure exits 1.
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

// loggedError is an error the command has already written to its log
// (serve under --log-json: a JSON record): main prints nothing more for
// it, and exits with its status (exitStatus).
type loggedError struct{ error }

func (e loggedError) Unwrap() error { return e.error }

// markUsage, deferred by a command with its named error, marks that
// error as a usageError when the command returns it before *checked is
// set: the command sets it once its arguments and configuration have
// been checked, before its work begins. flag.ErrHelp (asked for, or a
// flag refused with the usage printed) is left as it is: main exits 2 for
// it already, 0 when -h was asked for.
func markUsage(err *error, checked *bool) {
	if !*checked {
		*err = usageErr(*err)
	}
}

// usageErr returns err marked as a usageError; nil and flag.ErrHelp as they
// are (see markUsage).
func usageErr(err error) error {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return err
	}
	return usageError{err}
}

// usageErrorf is fmt.Errorf's error marked as a usageError.
func usageErrorf(format string, a ...any) error {
	return usageError{fmt.Errorf(format, a...)}
}

// addrError marks err as a usageError when it is about the address as
// written (net.AddrError: a missing or invalid port, too many colons),
// which no restart cures; an address in use or a host that does not
// resolve is left as it is.
func addrError(err error) error {
	var ae *net.AddrError
	if errors.As(err, &ae) {
		return usageErr(err)
	}
	return err
}
