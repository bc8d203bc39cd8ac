// Package dsp holds the signal-processing building blocks of gaitd: IIR
// filters (Butterworth designs as cascades of biquads, zero-phase FiltFilt),
// a resampler onto a uniform time grid with gap detection, orientation
// helpers (gravity direction, levelling rotation, forward heading) and
// drift-controlled integration.
//
// Everything is plain synchronous code: no goroutines, no I/O. State is an
// ordinary value owned by the caller; use one filter (or tracker) per signal
// channel. Per-sample methods (Process, Push) do not allocate. Block
// functions follow the destination-first convention: a nil dst is allocated,
// a dst of the wrong length panics with "dsp: destination length mismatch".
//
// Units are SI throughout: seconds, hertz, m/s² for specific force and rad/s
// for angular rate. Sample rates are called fs (Hz), cut-off frequencies fc
// (Hz) and time constants tau (s).
package dsp
