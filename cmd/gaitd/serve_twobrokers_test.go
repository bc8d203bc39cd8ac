package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeTwoBrokersNamed: an external broker and the embedded one, set
// in the config file (both, or one beside the other's flag), are refused
// naming the file's line and key, as every other value serve refuses from
// the file is; the error named the flags only, "--mqtt … and --broker …
// (or the config's mqtt.broker and broker.listen)", leaving the operator to
// find which file and line (a black-box round with deploy/gaitd.yaml's
// mqtt.broker uncommented and its broker: section kept).
func TestServeTwoBrokersNamed(t *testing.T) {
	for _, tc := range []struct {
		yaml string
		args []string
		want []string
	}{
		{"listen: 127.0.0.1:0\nbroker:\n  listen: 127.0.0.1:0\nmqtt:\n  broker: tcp://127.0.0.1:1\n", nil,
			[]string{"gaitd.yaml: line 5: mqtt.broker: tcp://127.0.0.1:1 and ", "gaitd.yaml: line 3: broker.listen: 127.0.0.1:0: choose one"}},
		{"listen: 127.0.0.1:0\nbroker:\n  listen: 127.0.0.1:0\n", []string{"--mqtt", "tcp://127.0.0.1:1"},
			[]string{"serve: --mqtt tcp://127.0.0.1:1 and ", "gaitd.yaml: line 3: broker.listen: 127.0.0.1:0: choose one"}},
		{"listen: 127.0.0.1:0\nmqtt:\n  broker: tcp://127.0.0.1:1\n", []string{"--broker", "127.0.0.1:0"},
			[]string{"gaitd.yaml: line 3: mqtt.broker: tcp://127.0.0.1:1 and --broker 127.0.0.1:0: choose one"}},
		// flags alone: named by the flags, as before
		{"listen: 127.0.0.1:0\n", []string{"--mqtt", "tcp://127.0.0.1:1", "--broker", "127.0.0.1:0"},
			[]string{"serve: --mqtt tcp://127.0.0.1:1 and --broker 127.0.0.1:0", "choose one"}},
	} {
		path := filepath.Join(t.TempDir(), "gaitd.yaml")
		if err := os.WriteFile(path, []byte(tc.yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		args := append([]string{"serve", "--config", path, "--data", t.TempDir()}, tc.args...)
		err := run(context.Background(), args, io.Discard, io.Discard)
		if err == nil {
			t.Errorf("%q %v: started", tc.yaml, tc.args)
			continue
		}
		msg := strings.ReplaceAll(err.Error(), filepath.Dir(path)+string(filepath.Separator), "")
		for _, w := range tc.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%q %v:\n%s\nwant %q", tc.yaml, tc.args, msg, w)
			}
		}
	}
}
