//go:build race

package gait_test

// raceEnabled: the race detector slows the engine about tenfold; the
// three-hour memory test is skipped under it.
const raceEnabled = true
