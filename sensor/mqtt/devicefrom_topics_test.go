package mqtt

import (
	"log/slog"
	"strings"
	"testing"
)

// A DeviceFrom that no topic of a filter can match drops every message the
// filter brings (counted under unknown, logged once per 10 s as they
// come): said at start, naming both (a --topic sensor-logger beside
// --device-from 'gait/{device}/imu' took nothing from the phones).
func TestDeviceFromMatchesNoTopicOfFilter(t *testing.T) {
	for _, tc := range []struct {
		topics []string
		from   string
		warn   string // the filter said, "" none
	}{
		{[]string{"gait/+/imu"}, "gait/{device}/imu", ""},
		{[]string{"gait/#"}, "gait/{device}/imu", ""},
		{[]string{"#"}, "gait/{device}/imu", ""},
		{[]string{"gait/+/+"}, "gait/{device}/imu", ""},
		{[]string{"sensor-logger"}, "{device}", ""},
		{[]string{"gait/left/imu"}, "gait/{device}/#", ""},
		{[]string{"gait/+"}, "gait/{device}/#", ""},
		{[]string{"$share/g/gait/+/imu"}, "gait/{device}/imu", ""},
		{[]string{"sensor-logger", "gait/+/imu"}, "gait/{device}/imu", "filter=sensor-logger "},
		{[]string{"gait/+/imu"}, "sensors/{device}/imu", "filter=gait/+/imu "},
		{[]string{"gait/+/imu/raw"}, "gait/{device}/imu", "filter=gait/+/imu/raw "},
		{[]string{"gait/+"}, "gait/{device}/imu", "filter=gait/+ "},
	} {
		logs := new(lockedBuffer)
		if _, err := New(Config{Broker: "tcp://127.0.0.1:1", Topics: tc.topics, DeviceFrom: tc.from}, slog.New(slog.NewTextHandler(logs, nil))); err != nil {
			t.Fatal(err)
		}
		l := logs.String()
		said := strings.Contains(l, "matches no topic of the filter")
		if said != (tc.warn != "") || tc.warn != "" && !strings.Contains(l, tc.warn) {
			t.Errorf("topics %q, device from %q: log %q, want the filter %s said", tc.topics, tc.from, l, tc.warn)
		}
	}
}
