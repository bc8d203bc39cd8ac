package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServeCfgHelpValueNames: serve -h names what each flag takes —
// `-serial device`, `-topic filter`, `-columns names` — never the flag
// package's bare "value" (five flags read `-serial value`); and the help
// says the bounds and defaults the docs give: --mqtt-max-queued-mib's
// largest, --client-id's with the embedded broker.
func TestServeCfgHelpValueNames(t *testing.T) {
	var out strings.Builder
	if err := run(context.Background(), []string{"serve", "-h"}, &out, io.Discard); err != nil && !errors.Is(err, flag.ErrHelp) {
		t.Fatal(err)
	}
	help := out.String()
	if m := regexp.MustCompile(`(?m)^  -[a-z-]+ value$`).FindAllString(help, -1); len(m) > 0 {
		t.Errorf("flags without a value name: %q", m)
	}
	for _, want := range []string{"  -serial device\n", "  -topic filter\n", "  -columns names\n", "  -phyphox-buffers names\n", "  -phyphox-gyro names\n",
		"at most 1048576", "with --broker a random gaitd-self-", "SIGINT, SIGTERM and SIGHUP write every open run before exit (no reload:", "gaitd serve --config /etc/gaitd/gaitd.yaml", "A flag given overrides the config file's key"} {
		if !strings.Contains(help, want) {
			t.Errorf("serve -h lacks %q", want)
		}
	}
}

// TestServeCfgConfigFlagOnce: --config given twice, or empty (a shell
// variable not set), is refused as a usage error; the second file
// replaced the first in silence (an overlay may have been meant), and an
// empty one read no file at all.
func TestServeCfgConfigFlagOnce(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--config", "/etc/gaitd/gaitd.yaml", "--config", "local.yaml"}, `serve: invalid value "local.yaml" for flag -config: given twice (/etc/gaitd/gaitd.yaml, local.yaml): serve reads one config file`},
		{[]string{"--http-push", "--config", ""}, `serve: invalid value "" for flag -config: "": want a file`},
	} {
		_, err := serveArgs(tc.args, io.Discard)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%q: %v, want %q", tc.args, err, tc.want)
		}
	}
}

// TestServeCfgBadFlagOneLine: a bad flag is said in one line, with the
// flag probably meant, and the usage is printed only when asked for (-h):
// the whole usage, 130 lines, came before the error, and under systemd's
// restarts filled the journal with it.
func TestServeCfgBadFlagOneLine(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--lisen", ":9464"}, "serve: flag provided but not defined: -lisen, did you mean --listen?"},
		{[]string{"--max_devices", "8"}, "serve: flag provided but not defined: -max_devices, did you mean --max-devices?"},
		{[]string{"--colour", "blue"}, "serve: flag provided but not defined: -colour (gaitd serve -h lists the flags)"},
		{[]string{"--idle", "30"}, `serve: invalid value "30" for flag -idle: 30 has no unit`},
	} {
		var stdout, stderr strings.Builder
		err := run(context.Background(), append([]string{"serve"}, tc.args...), &stdout, &stderr)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.args, err, tc.want)
		}
		if stdout.Len()+stderr.Len() > 0 {
			t.Errorf("%q: printed %q %q besides the error", tc.args, stdout.String(), stderr.String())
		}
	}
	var stdout strings.Builder
	if err := run(context.Background(), []string{"serve", "--listen", ":1", "-h"}, &stdout, io.Discard); !errors.Is(err, flag.ErrHelp) || !strings.HasPrefix(stdout.String(), "Usage: gaitd serve") || !strings.Contains(stdout.String(), "  -window int") {
		t.Errorf("serve -h: %v, %q", err, stdout.String())
	}
}

// TestServeCfgPasswordBothWarned: with both a password file and
// $GAITD_MQTT_PASSWORD, the file is read (as documented) and the log says
// the variable is not used; nothing said which one the broker was given.
func TestServeCfgPasswordBothWarned(t *testing.T) {
	pw := filepath.Join(t.TempDir(), "mqtt.pass")
	os.WriteFile(pw, []byte("file-pw-93ad\n"), 0o600)
	t.Setenv("GAITD_MQTT_PASSWORD", "env-pw-7c1f")
	for _, tc := range []struct {
		args []string
		warn bool
	}{
		{[]string{"--password-file", pw}, true},
		{nil, false}, // the variable alone: used, nothing to say
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		var logs strings.Builder
		args := append([]string{"serve", "--listen", "127.0.0.1:0", "--data", t.TempDir(), "--mqtt", "tcp://127.0.0.1:1", "--username", "gaitd"}, tc.args...)
		err := run(ctx, args, io.Discard, &logs)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(logs.String(), "$GAITD_MQTT_PASSWORD is set and not used: the MQTT password is read from the password file"); got != tc.warn || strings.Contains(logs.String(), "file-pw-93ad") || strings.Contains(logs.String(), "env-pw-7c1f") {
			t.Errorf("%v: warned %v, want %v:\n%s", tc.args, got, tc.warn, logs.String())
		}
	}
}

// TestServeCfgSensorServerURLOnce: a bad --sensorserver address is named
// by the flag once; it read "serve: --sensorserver: sensorserver: URL …",
// where the --phyphox flag's and the config's keys say it once.
func TestServeCfgSensorServerURLOnce(t *testing.T) {
	err := run(context.Background(), []string{"serve", "--listen", "127.0.0.1:0", "--data", t.TempDir(), "--sensorserver", "http://10.0.0.3:8080"}, io.Discard, io.Discard)
	want := `serve: --sensorserver: URL "http://10.0.0.3:8080": want the address the app shows`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("%v, want %q", err, want)
	}
}

// TestServeCfgPushLoopbackWarned: --http-push on a loopback --listen (the
// default) says that only this host can push; a phone's pushes never
// arrived, and nothing said why. On another address it is not said.
func TestServeCfgPushLoopbackWarned(t *testing.T) {
	for _, tc := range []struct {
		listen string
		warn   bool
	}{{"127.0.0.1:0", true}, {"[::1]:0", true}, {":0", false}} {
		if tc.listen == "[::1]:0" {
			if ln, err := net.Listen("tcp", tc.listen); err != nil {
				continue // no IPv6 loopback here
			} else {
				ln.Close()
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		var logs strings.Builder
		err := run(ctx, []string{"serve", "--http-push", "--listen", tc.listen, "--data", t.TempDir()}, io.Discard, &logs)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(logs.String(), "HTTP push listens on a loopback address: only this host can push"); got != tc.warn {
			t.Errorf("--listen %s: warned %v, want %v:\n%s", tc.listen, got, tc.warn, logs.String())
		}
	}
}
