package gait_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/sensor"
	"github.com/gaitd/gaitd/sensor/sim"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files under testdata/")

// goldenEvery is how often (in Adds) the golden file keeps a Monitor's
// whole Signals() beside the hash kept after every Add: the hashes pin
// every verdict bit for bit, the snapshots show what changed.
const goldenEvery = 250

// monitorGoldenRun is one replayed stream in testdata/monitor_golden.json.
type monitorGoldenRun struct {
	Name string `json:"name"`
	// Hashes holds, after each Add, the first 16 hex digits of the SHA-256
	// of Signals() encoded as JSON (floats in shortest round-trip form,
	// so equal hashes mean equal bits).
	Hashes []string `json:"hashes"`
	// Snapshots holds Signals() after every goldenEvery-th Add, by index.
	Snapshots map[string][]gait.Signal `json:"snapshots"`
	// Run holds RunSignals over the whole stream: the summary path shares
	// the signals' code.
	Run []gait.Signal `json:"run"`
}

// goldenStream is a simulated stream the golden test replays.
type goldenStream struct {
	name  string
	parts []sim.Config
	cfg   gait.Config
	// edit changes the detected contacts (turns put in by hand) and info
	// the RunInfo, when set.
	edit func(cs []gait.Contact)
	info func(info *gait.RunInfo)
}

// monitor simulates the stream, detects its contacts and returns them with
// the stream's RunInfo and a new Monitor for it.
func (st goldenStream) monitor(t *testing.T) ([]gait.Contact, gait.RunInfo, *gait.Monitor) {
	t.Helper()
	var ss []sensor.Sample
	var layout sensor.Layout
	if len(st.parts) == 1 {
		ss, layout, _ = simulate(t, st.parts[0])
	} else {
		ss, layout = concat(t, st.parts...)
	}
	cs, _ := detect(t, st.cfg, layout, ss)
	if st.edit != nil {
		st.edit(cs)
	}
	info := gait.NewRunInfo(st.cfg, layout)
	if st.info != nil {
		st.info(&info)
	}
	m, err := gait.NewMonitor(info, gait.SignalConfig{})
	if err != nil {
		t.Fatal(err)
	}
	return cs, info, m
}

func goldenStreams() []goldenStream {
	waist := gait.Config{Placement: gait.Waist}
	shoe := gait.Config{Placement: gait.Shoe}
	run := sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 150, Rate: 100, Gyro: true, Noise: 0.2, Tilt: waistTilt, Seed: 54, Standing: 5}
	over := run
	over.Seed, over.Braking, over.Cadence, over.Standing, over.FatigueDrift = 55, 2, 158, 0, 0.1
	walk := sim.Config{Activity: sim.Walking, Placement: sim.Waist, Duration: 200, Rate: 100, Gyro: true, Noise: 0.1, Tilt: waistTilt, FatigueDrift: 0.2, ImpactAsym: 0.2, RollAsym: 0.3, Seed: 7}
	accOnly := sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 200, Rate: 100, Noise: 0.2, Tilt: waistTilt, ImpactAsym: 0.25, GCTBalance: 54, Seed: 8}
	shoeRun := sim.Config{Activity: sim.Running, Placement: sim.Shoe, Duration: 100, Rate: 200, Gyro: true, Noise: 0.2, Seed: 9}
	shoeOver := shoeRun
	shoeOver.Seed, shoeOver.Braking, shoeOver.FatigueDrift = 10, 1.8, 0.15
	shoeWalk := sim.Config{Activity: sim.Walking, Placement: sim.Shoe, Duration: 180, Rate: 100, Gyro: true, Noise: 0.1, Seed: 11}
	warm := sim.Config{Activity: sim.Walking, Placement: sim.Waist, Duration: 50, Rate: 100, Gyro: true, Noise: 0.1, Tilt: waistTilt, Seed: 12}
	paused := sim.Config{Activity: sim.Running, Placement: sim.Waist, Duration: 200, Rate: 100, Gyro: true, Noise: 0.2, Tilt: waistTilt, Seed: 13,
		Dropouts: []sim.Gap{{Start: 70, Dur: 10}, {Start: 140, Dur: 2}}}
	return []goldenStream{
		{name: "waist running gyro, braking doubled", parts: []sim.Config{run, over}, cfg: waist},
		{name: "waist running gyro, past runs and speed", parts: []sim.Config{run, over}, cfg: waist, info: func(info *gait.RunInfo) {
			info.Speed = 3.3
			info.PastRuns = []gait.PastRun{{Speed: 3.2, Cadence: 170, Impact: 2.1}, {Speed: 3.4, Cadence: 172, Impact: 2.4}, {Speed: 5, Cadence: 185, Impact: 3}}
		}},
		{name: "waist walking gyro, fatigue and asymmetry", parts: []sim.Config{walk}, cfg: waist},
		{name: "waist running acc only", parts: []sim.Config{accOnly}, cfg: waist},
		{name: "shoe running, braking", parts: []sim.Config{shoeRun, shoeOver}, cfg: shoe},
		{name: "shoe walking", parts: []sim.Config{shoeWalk}, cfg: shoe},
		{name: "waist walk then run, pauses and turns", parts: []sim.Config{warm, paused}, cfg: waist, edit: func(cs []gait.Contact) {
			for i := range cs {
				if i%97 < 12 { // a turn of 23° a step every 97 contacts
					cs[i].Turn = 0.4
				}
			}
		}},
	}
}

// TestMonitorGolden replays simulated streams through a Monitor and
// compares Signals() after every Add, and RunSignals over each stream,
// with testdata/monitor_golden.json (go test ./gait -run MonitorGolden
// -update rewrites it). The Monitor's per-contact work is optimised; its
// verdicts must stay the same bit for bit.
func TestMonitorGolden(t *testing.T) {
	var got []monitorGoldenRun
	for _, st := range goldenStreams() {
		cs, info, m := st.monitor(t)
		r := monitorGoldenRun{Name: st.name, Snapshots: map[string][]gait.Signal{}}
		for i, c := range cs {
			m.Add(c)
			sigs := m.Signals()
			b, err := json.Marshal(sigs)
			if err != nil {
				t.Fatalf("%s, Add %d: %v", st.name, i, err)
			}
			h := sha256.Sum256(b)
			r.Hashes = append(r.Hashes, hex.EncodeToString(h[:8]))
			if i%goldenEvery == 0 {
				r.Snapshots[strconv.Itoa(i)] = sigs
			}
		}
		r.Run = gait.RunSignals(cs, info, gait.SignalConfig{})
		got = append(got, r)
	}
	path := filepath.Join("testdata", "monitor_golden.json")
	if *updateGolden {
		b, err := json.MarshalIndent(got, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./gait -run MonitorGolden -update writes it)", err)
	}
	var want []monitorGoldenRun
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	if len(want) != len(got) {
		t.Fatalf("%d streams, golden has %d", len(got), len(want))
	}
	for k, g := range got {
		w := want[k]
		if g.Name != w.Name || len(g.Hashes) != len(w.Hashes) {
			t.Errorf("stream %d: %q with %d contacts, golden %q with %d", k, g.Name, len(g.Hashes), w.Name, len(w.Hashes))
			continue
		}
		for i := range g.Hashes {
			if g.Hashes[i] == w.Hashes[i] {
				continue
			}
			t.Errorf("%s: Signals() after Add %d differ from the golden", g.Name, i)
			// show the first snapshot that differs, at or after i
			for j := i - i%goldenEvery; j < len(g.Hashes); j += goldenEvery {
				gs, _ := json.Marshal(g.Snapshots[strconv.Itoa(j)])
				ws, _ := json.Marshal(w.Snapshots[strconv.Itoa(j)])
				if string(gs) != string(ws) {
					t.Errorf("after Add %d:\n got  %s\n want %s", j, gs, ws)
					break
				}
			}
			break
		}
		gr, _ := json.Marshal(g.Run)
		wr, _ := json.Marshal(w.Run)
		if string(gr) != string(wr) {
			t.Errorf("%s: RunSignals\n got  %s\n want %s", g.Name, gr, wr)
		}
	}
}
