package gait

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
)

// run makes n alternating contacts with the given left and right GCT, s.
func run(n int, step, gctL, gctR float64) []Contact {
	out := make([]Contact, n)
	for i := range out {
		c := Contact{IC: float64(i) * step, Step: step, Side: Left, SideConf: 0.9, Activity: Running, VO: 0.08, ImpactG: 2.5, Braking: math.NaN()}
		c.GCT = gctL
		if i%2 == 1 {
			c.Side, c.GCT = Right, gctR
		}
		c.FC = c.IC + c.GCT
		c.Flight = step - c.GCT
		out[i] = c
	}
	return out
}

func TestSummaryReport(t *testing.T) {
	s := NewSummary(Waist)
	s.Speed = 3.5
	for _, c := range run(400, 0.34, 0.240, 0.260) {
		s.Add(c)
	}
	s.Span(0, 400*0.34)
	r := s.Report()
	if r.Steps != 400 || r.Activity != "running" || r.Placement != "waist" {
		t.Fatalf("steps %d activity %s placement %s", r.Steps, r.Activity, r.Placement)
	}
	if math.Abs(*r.CadenceSPM-60/0.34) > 1e-9 {
		t.Errorf("cadence %v", *r.CadenceSPM)
	}
	if math.Abs(*r.GCTBalancePct-48) > 1e-9 {
		t.Errorf("balance %v, want 48", *r.GCTBalancePct)
	}
	if math.Abs(*r.VOmm-80) > 1e-9 || math.Abs(*r.DutyFactor-0.25/0.68) > 0.03 {
		t.Errorf("VO %v duty %v", *r.VOmm, *r.DutyFactor)
	}
	if math.Abs(*r.StepLengthM-3.5*0.34) > 1e-9 || math.Abs(*r.VerticalRatioPct-0.08/(3.5*0.34)*100) > 1e-9 {
		t.Errorf("step length %v vertical ratio %v", *r.StepLengthM, *r.VerticalRatioPct)
	}
	if r.BrakingMS != nil {
		t.Errorf("braking unknown for every step, got %v", *r.BrakingMS)
	}
	// 136 s in 30 s windows: 5 windows
	if len(r.Windows) != 5 || r.Windows[0].Steps != int(math.Ceil(30/0.34)) {
		t.Errorf("windows %d, first %d steps", len(r.Windows), r.Windows[0].Steps)
	}
	if r.Sides["L"].Steps != 200 || math.Abs(*r.Sides["R"].GCTms-260) > 1e-9 {
		t.Errorf("sides %+v", r.Sides)
	}
}

func TestSummaryLowConfidenceSidesIgnored(t *testing.T) {
	s := NewSummary(Waist)
	for _, c := range run(40, 0.34, 0.24, 0.26) {
		c.SideConf = 0.3
		s.Add(c)
	}
	if r := s.Report(); r.GCTBalancePct != nil || r.Sides != nil {
		t.Fatalf("balance from low-confidence sides: %v", r.GCTBalancePct)
	}
}

// TestSummaryOneSideFloor: a side floor set for the signals is the floor of
// the whole report — balance, sides, windows, asymmetry and the uneven-load
// signal count the same contacts (the asymmetry block and the balance used
// the Summary's 0.6 while the signal took 0.95).
func TestSummaryOneSideFloor(t *testing.T) {
	s := NewSummary(Waist)
	cs := run(400, 0.34, 0.240, 0.260)
	for i := range cs {
		if i%4 >= 2 {
			cs[i].SideConf = 0.8 // between the default floor and the one set
		}
		s.Add(cs[i])
	}
	s.Span(0, 400*0.34)
	s.SignalConfig.SideFloor = 0.85
	r := s.Report()
	if r.Sides == nil || r.Sides["L"].Steps != 100 || r.Sides["R"].Steps != 100 {
		t.Fatalf("sides %+v, want 100 contacts each at confidence 0.9", r.Sides)
	}
	if r.Asymmetry.LeftSteps != 100 || r.Asymmetry.RightSteps != 100 {
		t.Errorf("asymmetry from %d left and %d right contacts, want 100 each", r.Asymmetry.LeftSteps, r.Asymmetry.RightSteps)
	}
	if w := r.Windows[0].Asymmetry; w.LeftSteps+w.RightSteps > r.Windows[0].Steps/2+1 {
		t.Errorf("window asymmetry from %d + %d of %d contacts", w.LeftSteps, w.RightSteps, r.Windows[0].Steps)
	}
	for _, sg := range r.Signals {
		if sg.Name == SignalUnevenLoad && !strings.Contains(fmt.Sprint(sg.Evidence, sg.Reason), "≥ 0.85") {
			t.Errorf("uneven load: %+v %q: its floor not 0.85", sg.Evidence, sg.Reason)
		}
	}
}

func TestSummaryEmptySaysWhy(t *testing.T) {
	s := NewSummary(Waist)
	s.Span(0, 60)
	r := s.Report()
	if r.Reason == "" || r.CadenceSPM != nil || r.Steps != 0 {
		t.Fatalf("empty report %+v", r)
	}
	s = NewSummary(Shank)
	s.Span(0, 1)
	if r := s.Report(); r.Reason != "recording too short: no complete step" {
		t.Fatalf("reason %q", r.Reason)
	}
}

func TestSummaryFootCountsBothLegs(t *testing.T) {
	s := NewSummary(Shank)
	for i := 0; i < 50; i++ {
		// one foot: contacts a stride (0.7 s) apart, Step is half of it
		s.Add(Contact{IC: float64(i) * 0.7, FC: float64(i)*0.7 + 0.25, GCT: 0.25, Step: 0.35, Flight: 0.1, VO: math.NaN(), ImpactG: 8, Braking: math.NaN(), Side: Right, SideConf: 1})
	}
	r := s.Report()
	if r.Steps != 100 || math.Abs(*r.CadenceSPM-60/0.35) > 1e-9 {
		t.Fatalf("steps %d cadence %v", r.Steps, *r.CadenceSPM)
	}
}

// TestSummaryFewToeOffs: with a toe-off on fewer than one step in five the
// run has no GCT anywhere — run, sides, windows, balance — and says why;
// with one in five it has.
func TestSummaryFewToeOffs(t *testing.T) {
	for _, withFC := range []int{6, 8} {
		s := NewSummary(Waist)
		for i, c := range run(40, 0.55, 0.2, 0.21) {
			c.Activity = Walking
			if i >= withFC {
				c.FC, c.GCT, c.Flight = math.NaN(), math.NaN(), math.NaN()
			}
			s.Add(c)
		}
		s.Span(0, 40*0.55)
		r := s.Report()
		if withFC == 8 {
			if r.GCTms == nil || r.GCTReason != "" {
				t.Errorf("8 of 40: GCT %v, reason %q", r.GCTms, r.GCTReason)
			}
			continue
		}
		if r.GCTms != nil || r.FlightMs != nil || r.DutyFactor != nil || r.GCTBalancePct != nil || r.GCTReason == "" {
			t.Errorf("6 of 40: GCT %v flight %v duty %v balance %v, reason %q", r.GCTms, r.FlightMs, r.DutyFactor, r.GCTBalancePct, r.GCTReason)
		}
		for k, sr := range r.Sides {
			if sr != nil && sr.GCTms != nil {
				t.Errorf("side %s GCT %v", k, *sr.GCTms)
			}
		}
		for _, w := range r.Windows {
			if w.GCTms != nil || w.BalancePct != nil {
				t.Errorf("window at %v s: GCT %v balance %v", w.StartS, w.GCTms, w.BalancePct)
			}
		}
		if !strings.Contains(r.BalanceReason, "toe-off found for only 6 of 40 steps") {
			t.Errorf("balance reason %q", r.BalanceReason)
		}
	}
}

// TestSummaryMixedActivity: a run with a cool-down walk reports the
// running steps' figures (cadence, GCT, VO), counts every step, and says
// which steps the figures are from.
func TestSummaryMixedActivity(t *testing.T) {
	s := NewSummary(Waist)
	cs := run(300, 0.35, 0.24, 0.24) // 105 s of running at 171 steps/min
	for _, c := range run(100, 0.55, 0.6, 0.6) {
		c.IC += 105
		c.Activity, c.Flight, c.VO = Walking, 0, 0.045
		cs = append(cs, c)
	}
	for _, c := range cs {
		s.Add(c)
	}
	s.Span(0, 160)
	r := s.Report()
	if r.Steps != 400 || r.RunningSteps != 300 || r.WalkingSteps != 100 || r.Activity != "running" {
		t.Fatalf("steps %d (running %d, walking %d), activity %s", r.Steps, r.RunningSteps, r.WalkingSteps, r.Activity)
	}
	if math.Abs(*r.CadenceSPM-60/0.35) > 1e-9 || math.Abs(*r.GCTms-240) > 1e-9 || math.Abs(*r.VOmm-80) > 1e-9 {
		t.Errorf("cadence %v GCT %v VO %v: want the running steps' 171.4, 240, 80", *r.CadenceSPM, *r.GCTms, *r.VOmm)
	}
	if want := "the run's figures are from its 300 running contacts; its 100 walking contacts are counted but left out of them"; r.ActivityNote != want {
		t.Errorf("note %q, want %q", r.ActivityNote, want)
	}
	if math.Abs(r.GaitS-(300*0.35+100*0.55)) > 1e-9 {
		t.Errorf("gait time %v", r.GaitS)
	}
	// one activity: no note
	s = NewSummary(Waist)
	for _, c := range run(100, 0.35, 0.24, 0.24) {
		s.Add(c)
	}
	if r := s.Report(); r.ActivityNote != "" {
		t.Errorf("note %q on a run of one activity", r.ActivityNote)
	}
}

// TestSummaryCadenceMissedContacts: a contact the detector missed makes
// one step of two; cadence leaves such steps out (as gait/eval scores it)
// instead of letting them pull it down.
func TestSummaryCadenceMissedContacts(t *testing.T) {
	s := NewSummary(Waist)
	cs := run(200, 0.6, 0.6, 0.6)
	for i := 10; i < 200; i += 10 {
		cs[i].Step = 1.2 // the next contact was missed
	}
	for _, c := range cs {
		s.Add(c)
	}
	if r := s.Report(); math.Abs(*r.CadenceSPM-100) > 1e-9 {
		t.Errorf("cadence %v, want 100 (60 / 0.6 s)", *r.CadenceSPM)
	}
	if c := Cadence(nil); !math.IsNaN(c) {
		t.Errorf("Cadence(nil) = %v", c)
	}
}

// TestSummaryTinyWindow: a window shorter than MinWindow is taken as
// MinWindow (1e-320 s overflowed the window index to +Inf, and the summary
// could not be marshalled).
func TestSummaryTinyWindow(t *testing.T) {
	for _, w := range []float64{1e-320, 0.01, MinWindow} {
		s := NewSummary(Waist)
		s.Window = w
		for _, c := range run(40, 0.34, 0.24, 0.24) {
			s.Add(c)
		}
		r := s.Report()
		if _, err := json.Marshal(r); err != nil {
			t.Fatalf("window %g: %v", w, err)
		}
		if n := len(r.Windows); n != 14 {
			t.Errorf("window %g: %d windows, want 14 (13.6 s of contacts in 1 s windows)", w, n)
		}
	}
}

// TestSummaryWindowsPaired: a paired run's windows add up to the run's
// steps. A contact at a window's edge has its other-foot neighbour in the
// next window, and counting it alone there made it two steps (86 + 2 for
// the run's 87).
func TestSummaryWindowsPaired(t *testing.T) {
	for _, n := range []int{86, 87, 88, 200} {
		s := NewSummary(Shoe)
		s.Paired = true
		cs := run(n, 0.35, 0.22, 0.22)
		for _, c := range cs {
			s.Add(c)
		}
		s.Span(0, cs[n-1].IC+0.1)
		r := s.Report()
		sum := 0
		for _, w := range r.Windows {
			sum += w.Steps
		}
		if r.Steps != n || sum != r.Steps {
			t.Errorf("%d contacts: run %d steps, windows %d", n, r.Steps, sum)
		}
	}
}

// TestSummaryWindowFewToeOffs: a window has no GCT or flight from a few
// toe-offs, by the run's own rule (one step in five): a walk after a run,
// with the other foot's toe-off found on 1 of its 58 steps in a window,
// read gct_ms 900 there. The running windows keep theirs.
func TestSummaryWindowFewToeOffs(t *testing.T) {
	cs := run(172, 0.35, 0.24, 0.24)
	t0 := 172 * 0.35
	for i, c := range run(115, 0.52, 0.6, 0.6) {
		c.IC += t0
		c.Activity, c.GCT, c.FC, c.Flight = Walking, math.NaN(), math.NaN(), math.NaN()
		if i == 20 {
			c.GCT, c.Flight = 0.9, 0
			c.FC = c.IC + c.GCT
		}
		cs = append(cs, c)
	}
	s := NewSummary(Waist)
	for _, c := range cs {
		s.Add(c)
	}
	r := s.Report()
	for _, w := range r.Windows {
		switch {
		case w.EndS <= t0:
			if w.GCTms == nil || math.Abs(*w.GCTms-240) > 1e-9 || w.GCTReason != "" {
				t.Errorf("running window %.0f–%.0f: gct_ms %v (%s)", w.StartS, w.EndS, w.GCTms, w.GCTReason)
			}
		case w.StartS >= t0:
			if w.GCTms != nil || w.FlightMs != nil {
				t.Errorf("walking window %.0f–%.0f: gct_ms %v flight_ms %v from at most one toe-off", w.StartS, w.EndS, *w.GCTms, w.FlightMs)
			}
		}
	}
	if w := r.Windows[2]; w.StartS != 60 || w.GCTReason != "toe-off found for only 1 of 58 steps" {
		t.Errorf("window %.0f–%.0f: reason %q", w.StartS, w.EndS, w.GCTReason)
	}
}

// TestSummaryAlternatingSteps: steps that alternate 0.34 and 0.37 s (an
// asymmetric gait; between two foot sensors, also a clock offset) with a
// GCT of 0.24 s give duty factor GCT / stride = 0.338, step_ms 355 (half a
// stride), flight_ms 115 and, at 3.5 m/s, a step length of 1.2425 m,
// whatever the parity of the count. Per-step values pooled gave duty 0.3529
// (GCT / twice one step) and step_ms 340, flight_ms 100 for 202 contacts.
func TestSummaryAlternatingSteps(t *testing.T) {
	const a, b, gct = 0.34, 0.37, 0.24
	for _, paired := range []bool{false, true} {
		for _, n := range []int{201, 202, 203} {
			s := NewSummary(Waist)
			if paired {
				s = NewSummary(Shoe)
				s.Paired = true
			}
			s.Speed = 3.5
			ic := 0.0
			if n == 203 {
				ic = 1.7e9 // epoch seconds: ICs rounded to 2.4e-7 s
			}
			cs := run(n, 0.35, gct, gct)
			for i := range cs {
				st := a
				if i%2 == 1 {
					st = b
				}
				cs[i].IC, cs[i].FC = ic, ic+gct
				if i < n-1 {
					cs[i].Step, cs[i].Flight = st, st-gct
				} else {
					cs[i].Step, cs[i].Flight = math.NaN(), math.NaN()
				}
				ic += st
				s.Add(cs[i])
			}
			r := s.Report()
			for _, v := range []struct {
				name      string
				got, want float64
			}{
				{"duty_factor", *r.DutyFactor, gct / (a + b)},
				{"duty q1", r.DutyDist.Q1, gct / (a + b)},
				{"duty q3", r.DutyDist.Q3, gct / (a + b)},
				{"step_ms", *r.StepMs, 1000 * (a + b) / 2},
				{"flight_ms", *r.FlightMs, 1000 * ((a+b)/2 - gct)},
				{"step_length_m", *r.StepLengthM, 3.5 * (a + b) / 2},
			} {
				tol := 1e-9
				if n == 203 {
					tol = 1e-5 * v.want // (epoch times)
				}
				if math.Abs(v.got-v.want) > tol {
					t.Errorf("paired %v, %d contacts: %s %.4f, want %.4f", paired, n, v.name, v.got, v.want)
				}
			}
			if r.DutyDist.N != n-1 {
				t.Errorf("paired %v, %d contacts: duty factor from %d pairs of contacts, want %d", paired, n, r.DutyDist.N, n-1)
			}
		}
	}
}

// TestSummaryUnevenFeet: feet whose contact times (205 and 250 ms) and
// impacts (2 and 3 g) differ give the run the mean of the two, whatever
// the parity of the count: the pooled median read one foot's value (gct_ms
// 205 for 201 contacts starting left, 227.5 for 202), and two foot sensors
// read 239 or 213 ms as one file or the other ended a contact earlier.
func TestSummaryUnevenFeet(t *testing.T) {
	for _, paired := range []bool{false, true} {
		for _, n := range []int{201, 202} {
			s := NewSummary(Waist)
			if paired {
				s = NewSummary(Shoe)
				s.Paired = true
			}
			cs := run(n, 0.35, 0.205, 0.250)
			for i := range cs {
				cs[i].ImpactG = 2
				if i%2 == 1 {
					cs[i].ImpactG = 3
				}
				if i == n-1 {
					cs[i].Step, cs[i].Flight = math.NaN(), math.NaN()
				}
				s.Add(cs[i])
			}
			r := s.Report()
			for _, v := range []struct {
				name      string
				got, want float64
			}{
				{"gct_ms", *r.GCTms, 227.5},
				{"flight_ms", *r.FlightMs, 350 - 227.5},
				{"duty_factor", *r.DutyFactor, 0.2275 / 0.7},
				{"impact_g", *r.ImpactG, 2.5},
				{"window gct_ms", *r.Windows[0].GCTms, 227.5},
			} {
				if math.Abs(v.got-v.want) > 1e-9 {
					t.Errorf("paired %v, %d contacts: %s %.4f, want %.4f", paired, n, v.name, v.got, v.want)
				}
			}
			if b := *r.GCTBalancePct; math.Abs(b-100*0.205/0.455) > 1e-9 {
				t.Errorf("paired %v, %d contacts: balance %.3f", paired, n, b)
			}
		}
	}
}

// TestSummaryBalanceFloor: the GCT balance needs minSide (10) contact
// times per foot, the same as the uneven-load signal; below that it is
// null with the reason.
func TestSummaryBalanceFloor(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want bool
	}{{19, false}, {20, true}} {
		s := NewSummary(Waist)
		for _, c := range run(tc.n, 0.35, 0.23, 0.25) {
			s.Add(c)
		}
		r := s.Report()
		if (r.GCTBalancePct != nil) != tc.want {
			t.Errorf("%d contacts: balance %v, want it %v", tc.n, r.GCTBalancePct, tc.want)
		}
		if !tc.want && r.BalanceReason != "too few contacts per side (L 10, R 9 with a contact time; need 10 each)" {
			t.Errorf("%d contacts: reason %q", tc.n, r.BalanceReason)
		}
		if a := r.Asymmetry.GCTBalancePct; (a != nil) != tc.want {
			t.Errorf("%d contacts: asymmetry balance %v", tc.n, a)
		}
	}
}

// TestSummaryOneFootToeOffs: with sides known, toe-offs found on one foot
// only (a waist sensor in walking) do not give the run a contact time: the
// other foot's would stand for both.
func TestSummaryOneFootToeOffs(t *testing.T) {
	s := NewSummary(Waist)
	for _, c := range run(200, 0.55, 0.6, 0.7) {
		c.Activity = Walking
		if c.Side == Left {
			c.FC, c.GCT, c.Flight = math.NaN(), math.NaN(), math.NaN()
		} else {
			c.Braking = 0.2 // measured up to the toe-off
		}
		s.Add(c)
	}
	r := s.Report()
	if r.GCTms != nil || r.DutyFactor != nil || r.GCTBalancePct != nil || r.BrakingMS != nil {
		t.Errorf("GCT %v duty %v balance %v braking %v: want null", r.GCTms, r.DutyFactor, r.GCTBalancePct, r.BrakingMS)
	}
	if !strings.HasPrefix(r.GCTReason, "toe-off found for 0 of 100 left and 100 of 100 right steps: one foot's contact time would stand for the run") {
		t.Errorf("reason %q", r.GCTReason)
	}
	// both feet with toe-offs on most steps: reported
	s = NewSummary(Waist)
	for i, c := range run(200, 0.55, 0.6, 0.7) {
		c.Activity = Walking
		if i%7 == 0 {
			c.FC, c.GCT, c.Flight = math.NaN(), math.NaN(), math.NaN()
		}
		s.Add(c)
	}
	if r := s.Report(); r.GCTms == nil || r.GCTReason != "" {
		t.Errorf("GCT %v, reason %q", r.GCTms, r.GCTReason)
	}
}

// TestSummaryWindowsEnd: the last window ends with the recording.
func TestSummaryWindowsEnd(t *testing.T) {
	s := NewSummary(Waist)
	for _, c := range run(200, 0.35, 0.24, 0.24) {
		s.Add(c)
	}
	s.Span(0, 70)
	r := s.Report()
	if n := len(r.Windows); n != 3 || r.Windows[n-1].StartS != 60 || r.Windows[n-1].EndS != 70 {
		t.Errorf("windows %+v", r.Windows)
	}
}

// TestImpactSignalIsSummaryImpact: the impact signal's value, and its
// comparison with earlier runs' impact_g (--history), take the impact as
// the summary does (both feet over strides). With the pooled median, feet
// at 3 and 2 g read 3.0 in the signal against the summary's 2.5, and the
// run compared with its own summaries read +20 %.
func TestImpactSignalIsSummaryImpact(t *testing.T) {
	for _, n := range []int{201, 202} {
		s := NewSummary(Waist)
		cs := run(n, 0.35, 0.22, 0.22)
		for i := range cs {
			cs[i].ImpactG = 3
			if i%2 == 1 {
				cs[i].ImpactG = 2
			}
			if i == n-1 {
				cs[i].Step, cs[i].Flight = math.NaN(), math.NaN()
			}
			s.Add(cs[i])
		}
		own := *s.Report().ImpactG
		s.SetRunInfo(RunInfo{Vertical: true, AP: true, ML: true, Gyro: true, PastRuns: []PastRun{{Impact: own}, {Impact: own}, {Impact: own * 1.001}}})
		r := s.Report()
		found := false
		for _, sg := range r.Signals {
			if sg.Name != SignalImpact {
				continue
			}
			if sg.Value == nil || math.Abs(*sg.Value-*r.ImpactG) > 1e-9 {
				t.Errorf("%d contacts: impact signal %v, summary impact_g %.3f", n, sg.Value, *r.ImpactG)
			}
			for _, e := range sg.Evidence {
				if e.Name == "impact vs earlier runs" {
					found = true
					if e.Value == nil || math.Abs(*e.Value) > 0.1 {
						t.Errorf("%d contacts: the run against its own summaries: %v %%", n, e.Value)
					}
				}
			}
		}
		if !found {
			t.Errorf("%d contacts: no comparison with earlier runs", n)
		}
	}
}

// TestSummaryFewPairs: sides unknown, one foot's toe-offs found and the
// other's on one contact: the two pairs around it do not stand for the 50
// contacts (gct_ms read 275 from 2 pairs); each contact's value is taken.
func TestSummaryFewPairs(t *testing.T) {
	for _, odd := range []int{-1, 51} {
		s := NewSummary(Waist)
		cs := run(100, 0.55, 0.25, 0.30)
		for i := range cs {
			cs[i].Side, cs[i].SideConf, cs[i].Activity = SideUnknown, 0, Walking
			if i%2 == 1 && i != odd {
				cs[i].GCT, cs[i].FC, cs[i].Flight = math.NaN(), math.NaN(), math.NaN()
			}
			s.Add(cs[i])
		}
		r := s.Report()
		if r.GCTms == nil || *r.GCTms != 250 {
			t.Errorf("odd toe-off at %d: gct_ms %v, want 250", odd, r.GCTms)
		}
	}
}

// TestSummaryTwoContacts: a waist run (or bout) of two contacts knows one
// step: its step time, duty factor and step length come from twice that
// step (they were null while cadence and flight were known).
func TestSummaryTwoContacts(t *testing.T) {
	s := NewSummary(Waist)
	s.Speed = 3
	cs := run(2, 0.35, 0.22, 0.22)
	cs[1].Step, cs[1].Flight = math.NaN(), math.NaN()
	for _, c := range cs {
		s.Add(c)
	}
	r := s.Report()
	if r.StepMs == nil || math.Abs(*r.StepMs-350) > 1e-9 || r.DutyFactor == nil || math.Abs(*r.DutyFactor-0.22/0.7) > 1e-9 || r.StepLengthM == nil || math.Abs(*r.StepLengthM-1.05) > 1e-9 {
		t.Errorf("step_ms %v duty %v step length %v", r.StepMs, r.DutyFactor, r.StepLengthM)
	}
}
