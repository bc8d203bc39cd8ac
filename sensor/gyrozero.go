package sensor

import "math"

// GyroAbsent reads a stream's first samples for a gyroscope that is not
// there although l has one: a rate of exactly 0 on every axis of every
// sample (NaN counts as 0) while the acceleration moves — its |a| (over
// l's axes, samples reading 0 on all of them left out) has a standard
// deviation over 5 % of its mean: gait, not a standing start. A device
// whose part has no gyroscope but whose firmware or app sends gx,gy,gz
// as 0 is such a stream; read as a gyroscope, a foot's detector took the
// flat rates for a foot that never swings and found no contact at all.
// At rest a real part can read exactly 0 (whole °/s, a bias-removed rate
// printed to 2 decimals), so a still stream keeps its gyroscope.
//
// It decides (decided true) at the first sample with a rate other than 0
// (absent false), or once ss holds n samples or more (absent when the
// acceleration moves). Before that it returns decided false: the caller
// holds the samples and asks again with more, or with n = len(ss) at the
// stream's end. A layout without gyroscope axes is decided at once.
//
// The CSV reader applies the same rule to its lookahead (CSVOptions);
// a live source holds its first MaxLookahead samples at most, so a
// recording of it replayed as CSV is read the same way.
func GyroAbsent(ss []Sample, l Layout, n int) (absent, decided bool) {
	if l.Gyr == [3]bool{} {
		return false, true
	}
	for i := range ss {
		for k, on := range l.Gyr {
			if v := ss[i].Gyr[k]; on && v != 0 && !math.IsNaN(v) {
				return false, true
			}
		}
	}
	if len(ss) < n || len(ss) == 0 {
		return false, false
	}
	// |a| over l's axes, samples reading 0 on all of them (a sensor not
	// yet awake) or not finite left out, as the CSV reader's accNorms
	norms := make([]float64, 0, len(ss))
	for i := range ss {
		var s float64
		for k, on := range l.Acc {
			if on {
				s += ss[i].Acc[k] * ss[i].Acc[k]
			}
		}
		if s != 0 && !math.IsNaN(s) && !math.IsInf(s, 0) {
			norms = append(norms, math.Sqrt(s))
		}
	}
	return varies(norms), true
}
