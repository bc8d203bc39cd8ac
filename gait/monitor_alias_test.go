package gait_test

import (
	"encoding/json"
	"testing"

	"github.com/gaitd/gaitd/gait"
)

// TestMonitorSignalsNotAliased: what Signals() returned after one Add
// does not change with the Adds that follow (the Monitor's arenas and
// kept figures are reused from one contact to the next).
func TestMonitorSignalsNotAliased(t *testing.T) {
	for _, st := range goldenStreams() {
		cs, _, m := st.monitor(t)
		var kept [][]gait.Signal
		var then []string
		for _, c := range cs {
			m.Add(c)
			sigs := m.Signals()
			b, _ := json.Marshal(sigs)
			kept, then = append(kept, sigs), append(then, string(b))
		}
		for i := range kept {
			if b, _ := json.Marshal(kept[i]); string(b) != then[i] {
				t.Errorf("%s: Signals() of Add %d changed by later Adds:\n then %s\n now  %s", st.name, i, then[i], b)
				break
			}
		}
	}
}
