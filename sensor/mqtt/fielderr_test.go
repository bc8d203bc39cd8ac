package mqtt

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestNewFieldError: New's configuration errors are *FieldError naming
// the Go field, so that a caller names it by its own flag or key (serve
// said "--mqtt: mqtt: Broker: …"); an empty password file is one (it
// sent an empty password).
func TestNewFieldError(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(empty, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		cfg   Config
		field string
	}{
		{Config{Broker: "bogus://x"}, "Broker"},
		{Config{Broker: "tcp://x:1883", Topics: []string{"a/#", "a/#/b"}}, "Topics[1]"},
		{Config{Broker: "tcp://x:1883", DeviceFrom: "a/{x"}, "DeviceFrom"},
		{Config{Broker: "tcp://x:1883", Password: "p"}, "Username"},
		{Config{Broker: "tcp://x:1883", CAFile: empty}, "CAFile"},
		{Config{Broker: "ssl://x:8883", CAFile: empty}, "CAFile"},
		{Config{Broker: "tcp://x:1883", Username: "u", PasswordFile: empty}, "PasswordFile"},
		{Config{Broker: "tcp://x:1883", Username: "u", PasswordFile: empty + ".none"}, "PasswordFile"},
	} {
		_, err := New(tc.cfg, nil)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || err.Error() != "mqtt: "+fe.Field+": "+fe.Err.Error() {
			t.Errorf("%+v: %v, want a *FieldError of %s", tc.cfg, err, tc.field)
		}
	}
}
