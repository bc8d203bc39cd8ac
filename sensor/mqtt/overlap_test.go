package mqtt

import (
	"slices"
	"testing"
)

// Overlapping filters are subscribed once, as the broadest: a broker may
// send a message once per matching subscription (MQTT 3.1.1 §3.3.5;
// mosquitto, whose allow_duplicate_messages is on for good since 2.0, does:
// not measured here), and with gait/# beside gait/+/imu every message of a
// device came twice — counted twice in Stats, its samples pushed twice
// and counted by the hub as duplicates. (mochi sends one copy per client.)
func TestSubscriptionsOverlap(t *testing.T) {
	for _, tc := range []struct {
		topics, want []string
	}{
		{[]string{"gait/+/imu"}, []string{"gait/+/imu"}},
		{[]string{"gait/+/imu", "gait/#"}, []string{"gait/#"}},
		{[]string{"gait/left/imu", "gait/+/imu", "gait/right/imu"}, []string{"gait/+/imu"}},
		{[]string{"gait/+/imu", "gait/+/imu"}, []string{"gait/+/imu"}},
		{[]string{"gait/#", "gait"}, []string{"gait/#"}},
		{[]string{"#", "+/#"}, []string{"#"}},
		{[]string{"+/#", "#"}, []string{"#"}},
		{[]string{"#", "$SYS/#"}, []string{"#", "$SYS/#"}},
		{[]string{"+/imu", "$x/imu"}, []string{"+/imu", "$x/imu"}},
		{[]string{"gait/+/imu", "gait/+/status"}, []string{"gait/+/imu", "gait/+/status"}},
		{[]string{"gait/+", "gait/+/imu"}, []string{"gait/+", "gait/+/imu"}},
		{[]string{"$share/g/gait/#", "gait/+/imu"}, []string{"$share/g/gait/#", "gait/+/imu"}},
		{[]string{"sensor-logger", "gait/+/imu"}, []string{"sensor-logger", "gait/+/imu"}},
	} {
		if got := subscriptions(tc.topics); !slices.Equal(got, tc.want) {
			t.Errorf("%q: subscribes %q, want %q", tc.topics, got, tc.want)
		}
	}
}
