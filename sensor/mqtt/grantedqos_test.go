package mqtt

import (
	"strings"
	"testing"
	"time"

	mochi "github.com/mochi-mqtt/server/v2"
	"github.com/mochi-mqtt/server/v2/hooks/auth"
)

// A broker that grants a lower QoS than asked (its maximum QoS 0) keeps
// nothing for the session while gaitd is away and delivers at most once:
// the source said nothing, and Config.QoS and CleanSession promised what
// the broker does not do. It is said at each subscription.
func TestLowerQoSGrantedSaid(t *testing.T) {
	caps := mochi.NewDefaultServerCapabilities()
	caps.MaximumQos = 0
	broker := rawBroker(t, new(auth.AllowHook), caps)

	src, logs := runSourceLog(t, Config{Broker: broker, ClientID: "gaitd-qos0"}, newCollector())
	waitSubscribed(t, src)
	waitFor(t, "the line", 2*time.Second, func() bool { return strings.Contains(logs.String(), "mqtt broker granted a lower QoS") })
	if l := logs.String(); !strings.Contains(l, "granted=0") || !strings.Contains(l, "asked=1") {
		t.Errorf("the QoS granted and asked not named:\n%s", l)
	}
}
