package mqtt

import (
	"strings"
	"testing"
)

// FuzzDeviceFrom: a --device-from pattern that parses takes the device
// back out of every topic it describes: {device} filled with a name, each
// + and # with one level.
func FuzzDeviceFrom(f *testing.F) {
	for _, p := range []string{"", "gait/{device}/imu", "+/{device}/#", "{device}/#", "{device}", "sensors/{device}", "a/+/{device}/+/b"} {
		f.Add(p, "shoe-l", "x")
	}
	f.Add("gait/{device}/imu", "", "")
	f.Fuzz(func(t *testing.T, pattern, dev, fill string) {
		p, err := parseDeviceFrom(pattern)
		if err != nil || p.at < 0 || dev == "" || strings.Contains(dev, "/") || strings.Contains(fill, "/") {
			return
		}
		levels := make([]string, len(p.levels))
		for i, l := range p.levels {
			switch l {
			case "{device}":
				levels[i] = dev
			case "+", "#":
				levels[i] = fill
			default:
				levels[i] = l
			}
		}
		topic := strings.Join(levels, "/")
		if got, ok := p.device(topic); !ok || got != dev {
			t.Fatalf("pattern %q, topic %q: device %q, %v; want %q", pattern, topic, got, ok, dev)
		}
	})
}
