package gait

// NoFill turns off e's search for walking steps the peak picker passed
// over (fillMissed), for tests that compare with and without it.
func NoFill(e *Engine) { e.noFill = true }
