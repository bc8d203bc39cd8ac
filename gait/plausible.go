package gait

import (
	"fmt"
	"math"
)

// Plausibility of the placement. A recording analysed with the wrong
// --placement (a shoe pod read as a waist sensor, a belt clip read as a
// foot, a shank read as a shoe) still gives contacts, and numbers that
// look like a run's unless one knows what each body part's signal looks
// like. The checks below compare the run's medians with the ranges of the
// placement it was analysed as; each that fails adds a warning to the
// report (Report.Warnings). They are wide on purpose: a warning is for a
// result no runner or walker produces from that placement, not for an
// unusual one.
//
// Ranges, from the literature in ../shared/docs/gait-methods.md and the
// recordings checked (mobgap lower back walking: peak rates 0.6–1.5
// rad/s, impacts 1.3–1.5 g; davis sacral running: 2.2 g):
//   - angular rate: a trunk turns at under ≈ 2 rad/s (115 °/s) running or
//     walking; a foot or shank swings at 5–20 rad/s running and 3.5–7
//     rad/s walking (sagittal peak of the swing). Warn above
//     trunkMaxRate (walking: trunkMaxRateWalk) for a waist, below
//     footMinRate for a foot.
//   - contact time: over 100 ms in running even at a sprint (minRunGCT).
//   - cadence: running 140–200 steps/min, walking 60–140 (minRunCadence,
//     maxWalkCadence leave room for shuffles and race walking).
//   - impact: a trunk's 1.5–4 g running, under 2 g walking; a foot's or
//     shank's 5–15 g running (minFootImpact; maxTrunkImpact,
//     maxTrunkImpactWalk).
const (
	trunkMaxRate       = 4.0 // rad/s, median per-step peak, waist running
	trunkMaxRateWalk   = 3.0 // rad/s, waist walking
	footMinRate        = 2.0 // rad/s, median per-stride sagittal peak, shoe/shank
	minRunGCT          = 100 // ms
	minRunCadence      = 120 // steps/min
	maxWalkCadence     = 170 // steps/min
	minFootImpact      = 3.0 // g, shoe/shank running
	maxTrunkImpact     = 6.0 // g, waist running
	maxTrunkImpactWalk = 3.5 // g, waist walking

	// minPlausibleSteps is how many contacts of the main activity a check
	// of medians needs; minPlausibleRates how many PeakRate samples (one
	// every 8th contact).
	minPlausibleSteps = 10
	minPlausibleRates = 3
)

const degPerRad = 180 / math.Pi

// plausibility returns the warnings for report r, made from contacts main
// (the run's main activity).
func (s *Summary) plausibility(r *Report, main []Contact) []string {
	if len(main) < minPlausibleSteps {
		return nil
	}
	foot := s.Placement == Shoe || s.Placement == Shank
	running, walking := r.Activity == Running.String(), r.Activity == Walking.String()
	gyro := s.RunInfo().Gyro
	var w []string
	add := func(format string, a ...any) {
		w = append(w, fmt.Sprintf(format, a...)+" (check --placement)")
	}
	if rates := collect(main, func(c Contact) float64 { return c.PeakRate }); len(rates) >= minPlausibleRates {
		m := medianOf(rates)
		limit := trunkMaxRate
		if walking {
			limit = trunkMaxRateWalk
		}
		switch {
		case !foot && m > limit:
			add("the angular rate peaks at %.0f °/s a step (median of %d steps): a trunk turns at under %.0f °/s, a foot or shank swings at 200–1000 °/s — is the sensor on a foot or shank?",
				m*degPerRad, len(rates), limit*degPerRad)
		case foot && m < footMinRate:
			add("the sagittal angular rate peaks at only %.0f °/s a stride (median of %d strides): a foot or shank swings at 200–1000 °/s, a trunk at under 115 °/s — is the sensor on the waist?",
				m*degPerRad, len(rates))
		}
	}
	// a foot sensor's contact time without a gyro is read from the rise
	// of |a| into the swing, which starts at heel-off: short by ≈ 85 ms on
	// a shoe (README), not a sign of the wrong placement
	if running && r.GCTms != nil && *r.GCTms < minRunGCT && (!foot || gyro) {
		add("a contact time of %.0f ms is shorter than a runner's (over %d ms even sprinting)", *r.GCTms, minRunGCT)
	}
	if r.CadenceSPM != nil {
		c := *r.CadenceSPM
		switch {
		case running && c < minRunCadence && !foot:
			add("a running cadence of %.0f steps/min is below any runner's (≈ 140–200): a foot or shank sensor read as a waist counts one step a stride", c)
		case running && c < minRunCadence:
			add("a running cadence of %.0f steps/min is below any runner's (≈ 140–200)", c)
		case walking && c > maxWalkCadence && !foot:
			add("a walking cadence of %.0f steps/min is above any walker's (≈ 60–140): a foot or shank sensor read as a waist counts its swing as steps", c)
		case walking && c > maxWalkCadence:
			add("a walking cadence of %.0f steps/min is above any walker's (≈ 60–140)", c)
		}
	}
	if r.ImpactG != nil {
		g := *r.ImpactG
		switch {
		case foot && running && g < minFootImpact:
			add("impacts of %.1f g are a trunk's: a foot's or shank's are 5–15 g running — is the sensor on the waist?", g)
		case !foot && running && g > maxTrunkImpact:
			add("impacts of %.1f g are a foot's or shank's: a trunk's are 1.5–4 g running — is the sensor on a foot or shank?", g)
		case !foot && walking && g > maxTrunkImpactWalk:
			add("impacts of %.1f g are a foot's or shank's: a trunk's are under 2 g walking — is the sensor on a foot or shank?", g)
		}
	}
	return w
}
