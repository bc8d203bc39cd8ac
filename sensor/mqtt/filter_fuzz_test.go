package mqtt

import "testing"

// FuzzFilterCovers: a filter that covers another (subscriptions drops the
// other) matches every topic the other matches, and a DeviceFrom pattern
// that names a device of a topic some filter matches is said to match
// some topic of that filter (New warns otherwise).
func FuzzFilterCovers(f *testing.F) {
	for _, s := range [][4]string{
		{"gait/#", "gait/+/imu", "gait/a/imu", "gait/{device}/imu"},
		{"#", "+/#", "a", "{device}"},
		{"gait/+", "gait/+/imu", "gait/a", "gait/{device}/#"},
		{"+/+", "a/+", "a/b", "+/{device}"},
		{"$SYS/#", "#", "$SYS/x", "$SYS/{device}"},
	} {
		f.Add(s[0], s[1], s[2], s[3])
	}
	f.Fuzz(func(t *testing.T, a, b, topic, from string) {
		if checkFilter(a) != nil || checkFilter(b) != nil || topic == "" {
			return
		}
		for i := 0; i < len(topic); i++ {
			if topic[i] == '+' || topic[i] == '#' {
				return
			}
		}
		if filterCovers(a, b) && filterMatches(b, topic) && !filterMatches(a, topic) {
			t.Errorf("%q covers %q, but matches not %q, which %q matches", a, b, topic, b)
		}
		if p, err := parseDeviceFrom(from); err == nil && filterMatches(a, topic) {
			if _, ok := p.device(topic); ok && !p.matchesSome(a) {
				t.Errorf("device from %q names a device of %q, which %q matches, but is said to match no topic of it", from, topic, a)
			}
		}
	})
}
