// Package sim simulates IMU streams of running and walking with exact
// ground truth. It is a test instrument for the detectors, the demo and
// load tests: the signals have the shapes and magnitudes of real
// recordings (a sacral marker-derived run, lower-back walking, published
// shoe and shank ranges), but accuracy claims must rest on real
// recordings, not on this model.
//
//	s, err := sim.New(sim.Config{Activity: sim.Running, Duration: 600, Gyro: true, Seed: 1})
//	truth := s.Truth()   // contacts with IC, FC, side, VO, impact, braking
//	for s.Read(&x) == nil { … }
//
// A Stream computes each sample from closed-form expressions when it is
// read, keeping only a window of a dozen steps, so a 3-hour run costs no
// more memory than a 10-second one. Everything is seeded: the same Config
// gives bit-identical samples and truth, and the step schedule depends on
// Seed and the timing fields only, so a waist and a shoe stream with the
// same seed share their contacts.
//
// # Units and frames
//
// Output is SI like every sensor.Source: m/s² (specific force, gravity
// included), rad/s, seconds. g0 = 9.80665 m/s².
//
// Internally vectors use a right-handed body frame x = up, y = forward,
// z = left. The output frame is chosen by Config.Frame:
//
//   - FrameSensor: a right-handed sensor whose un-tilted axes are that body
//     frame (x up as in the mobgap lower-back recordings, y forward, z
//     left), rotated by Tilt = (roll, pitch, yaw) as
//     R = Rx(yaw)·Rz(pitch)·Ry(roll): yaw about x, then pitch about the new
//     z, then roll about the new y. Readings are Rᵀ·v for acceleration and
//     angular rate alike. A positive pitch tilts the sensor's top forward
//     (gravity then reads −g0·sin(pitch) on y); a positive roll tilts it
//     to the right (+g0·sin(roll) on z).
//   - FrameAnatomical: index 0 vertical (up), 1 anteroposterior (forward),
//     2 mediolateral (right), as in package sensor; Tilt is ignored. Gyro
//     components are rates about the up, forward and right directions, each
//     signed by the right-hand rule about that direction. (The triple up,
//     forward, right is left-handed, so cross products of these components
//     have the wrong sign; use FrameSensor for orientation filters.)
//
// For the waist, "body" is the trunk: in FrameSensor the acceleration is
// the earth-levelled specific force seen through the trunk's orientation
// (Lean plus its oscillations, below), so acceleration and gyro are
// kinematically consistent. In FrameAnatomical the acceleration is the
// earth-levelled specific force rotated by Lean only — an ideally aligned
// channel like a motion-capture reference — while the gyro still reports
// the trunk rates. For shoe and shank, "body" is the segment itself in
// both frames.
//
// # Schedule
//
// Steps alternate sides starting with StartSide; the first contact is at
// Standing + 0.05 s, preceded by four identical lead-in steps so the
// signal is steady gait from t = 0 (after Standing, gait starts abruptly
// in mid-step; there is no acceleration phase). Per step i:
//
//	T_i  = T0/(1 − F·r(t))·(1 + σ·n1)        step time, T0 = 60/Cadence
//	tc_i = G_side·(1 + F·r(t))·(1 + σ·n2)     contact time
//	G_L  = 2·GCT·B/100,  G_R = 2·GCT·(100 − B)/100
//
// with B = GCTBalance, σ = Variability, n ~ N(0,1) clamped to ±3, F =
// FatigueDrift and r(t) the ramp 0 before 2/3·Duration rising linearly to
// 1 at Duration. Contact times are clamped to keep a flight phase when
// running (tc ≤ T − max(20 ms, 5 %·T)) and double support and swing when
// walking (T + 20 ms ≤ tc ≤ T + 0.9·T_next). Impact amplitude and the
// braking/angle scale get their own draws (n3, n4); right contacts have
// their impact multiplied by 1 + ImpactAsym.
//
// # Waist, running: spring-mass
//
// Earth-vertical specific force, following the sine-wave model of Morin
// et al. (2005):
//
//	a_v(t) = A_i·sin(π(t − IC_i)/tc_i)             IC_i ≤ t ≤ IC_i + tc_i
//	       + P_i·sin(π(t − IC_i − 4 ms)/30 ms)     impact bump, 30 ms
//	a_v(t) = 0                                     flight (free fall)
//
// with P_i = 0.45·v g (v in m/s) times the variability and asymmetry
// factors, and A_i chosen so that the mean over the step is exactly g0:
// A_i·2tc_i/π + P_i·2·30 ms/π = g0·T_i. (Without the bump this is Morin's
// F_max/m = g0·(π/2)·(t_f/t_c + 1).) Every half-sine pulse is then
// low-passed by convolution with a Hann kernel of 40 ms (gain ½ at 25 Hz),
// in closed form, which keeps its area: the rounded onsets and the impact
// look like the 20 Hz low-passed davis sacral trace.
//
// Forward acceleration during stance: a braking half-sine of amplitude
// −g0·(0.12 + 0.04·v)·b over the first 40 % of stance, a fore-aft impact
// bump −0.6·P_i·b (same timing as the vertical one), and a propulsive
// half-sine over the remaining 60 % whose area cancels both, so the
// forward speed returns to its value at each IC (b = Braking times its
// draw). Mediolateral acceleration (positive right): a stance half-sine of
// amplitude 0.2 g·GCT/tc_i, positive during a left stance and negative
// during a right one (the lateral ground reaction points from the stance
// foot towards the body's midline), plus a sway 0.08 g·(T0/T_i)·
// sin(π(t − IC_i)/T_i) with the same sign; both have equal areas for
// left and right, so the lateral velocity stays bounded.
//
// # Waist, walking: inverted pendulum
//
// The vertical excursion of each step follows the inverted pendulum of
// Zijlstra & Hof (2003) with leg length l = 0.95 m and step length
// L = v·T_i: L = A·2·sqrt(2lh − h²), A = 1.15, so h = l − sqrt(l² −
// (L/2A)²) (about 5 cm at 1.3 m/s). Over the step, with u = (t − IC_i)/T_i,
//
//	a_v = g0 + (h/2)(2π/T_i)²·cos(2π(u − 0.1)) + P_i·ψ((t − IC_i)/30 ms)
//
// a single maximum 0.1·T after heel strike (double support, loading) and
// a minimum in single support, exactly zero mean per step, plus a
// heel-strike wavelet ψ (below) of P_i = (0.1 + 0.1·v) g: the two peaks
// around heel strike of lower-back recordings. Forward: braking half-sine
// −g0·(0.05 + 0.1·v)·b over the first 30 % of the step, propulsion over the
// rest with equal area, and a wavelet −0.5·P_i·b·ψ at heel strike.
// Mediolateral as for running with a 0.05 g stance lobe (stances overlap in
// double support) and the 0.08 g sway. All lobes are smoothed with a 50 ms
// Hann kernel.
//
// ψ(u) = sin²(πu)·(sin²(πu) − 3cos²(πu)) on [0, 1] is −1/(4π²) times the
// second derivative of sin⁴(πu): peak 1 at u = ½, side lobes −½, zero area
// and zero first moment, so it changes neither velocity nor position.
//
// # Waist: trunk orientation and gyro
//
// The trunk turns by small angles at stride frequency, with u the phase
// within the current step and s = +1 for a step begun by a left contact,
// −1 for a right one:
//
//	yaw   = −Θy·s·sin(πu)      Θy = 0.10 rad running, 0.07 walking
//	roll  = +Θr·s·sin(πu)      Θr = 0.07, 0.05
//	pitch = Lean + Θp·sin(2πu) Θp = 0.03, 0.025
//
// The gyro reports the exact body angular velocity of R = Rx(yaw)·
// Rz(pitch)·Ry(roll). Side convention: at a left IC the yaw rate (rate
// about the vertical axis, gyro x of an un-tilted sensor) is negative and
// the roll rate (about forward) positive; at a right IC the reverse. This
// matches the sign of gx at contacts in the mobgap lower-back recordings
// (negative at left, positive at right, after removing the mean) and makes
// the Ullrich "yaw − roll ≤ 0 → left" rule work. The peak yaw rate is
// about 50 °/s running and 25 °/s walking.
//
// # Shoe and shank: rigid segment in the sagittal plane
//
// Only the instrumented foot (Side) is simulated; its cycles run from one
// of its contacts to the next, on the two-leg schedule. The segment pitch θ
// (positive: toe up for the foot, distal end forward for the shank) has a
// rate θ' that is a piecewise cubic Hermite through knots with zero
// angular acceleration at each knot, so θ is a closed-form quartic:
//
//   - Shoe: the slap starts 20 ms (walking 30 ms) before IC from the strike
//     angle (0.10 + 0.03·v)·b rad running, 0.30·b walking; rate minimum
//     10 ms (30 ms) after IC; foot flat, θ = θ' = 0, from IC + 45 ms
//     (120 ms) to heel-off at TC − 0.4·tc; push-off with the rate minimum
//     at TC reaching θ = −(0.4 + 0.045·v) rad (walking −0.5) at TC; swing
//     with the positive mid-swing peak at 45 % (50 %) of the swing, sized
//     so θ returns to the next strike angle. Peaks: about −700 °/s at TC
//     and +500 °/s mid-swing at 3.3 m/s; −250/+400 °/s walking.
//   - Shank: rate minimum at IC (−(1 + 0.6·v) rad/s running), a relative
//     maximum at 35 % of stance, a minimum 10 ms before TC (−(2 + 1.2·v)),
//     the mid-swing peak (about +450 °/s at 3.3 m/s, +350 walking) solved
//     so the tilt returns to the next strike angle (0.07 + 0.015·v)·b rad
//     (walking 0.28·b), the forward shank tilt at IC.
//
// A rate-based detector (Falbriard: IC = first minimum after mid-swing,
// TC = deepest minimum before it; Purcell for the shank) finds the shoe's
// IC 10 ms (walking 30 ms) late and its TC exactly, and the shank's IC
// exactly and its TC 10 ms (walking 20 ms) early.
//
// The sensor sits at a lever arm ρ from a stance pivot: the shoe sensor 9 cm
// ahead of the heel and 3.5 cm above the sole, pivoting about the heel until
// heel-off and about the metatarsal heads (17 cm ahead) after; the shank
// sensor 25 cm above the ankle. In stance the sensor position is
// p = q + R(θ)ρ with q fixed, so its world acceleration is
// α·J·R·ρ − ω²·R·ρ (tangential and centripetal; J is a +90° turn). In
// swing p(t) is a pair of quintic Hermite segments matching position,
// velocity and acceleration at toe-off, at a mid-swing point (lifted by
// 0.08 + 0.03·v m running for the shoe, 0.10 m for the shank, 5–7 cm
// walking, moving forward at 1.7–1.8 × the mean swing speed) and at the
// next contact, one stride length v·(IC_next − IC) ahead. The segment
// arrives with an extra velocity (down, and forward) that the impact
// removes over D = 20 ms (30 ms walking):
//
//	a_impact = P·(−k·b, 1)·16u²(1−u)²,  u = (t − IC)/D
//
// peaking at P = (2.5 + 1.6·v) g for the shoe, (1.5 + 1.8·v) g for the
// shank when running (5–15 g, so ClipG matters), (1 + 1.5·v) and
// (0.8 + 1.2·v) g walking, with a fore-aft share k = 0.6, 0.4 (0.5, 0.3
// walking) — the "braking g" of a shoe pod. The output is
// f = R(θ)ᵀ·(p” + g0·up): during foot flat the shoe reads exactly gravity
// and zero rate, and a strapdown integration of the clean rate and
// acceleration from one foot flat to the next moves the foot exactly one
// stride length (tested), as ZUPT algorithms assume. The lateral axis
// carries no signal (planar model).
//
// # Sampling
//
// Sample k has timestamp k/Rate + e_k, e_k ~ N(0, Jitter²) clamped to
// ±0.45/Rate, then forced strictly increasing; samples inside a Dropouts
// gap are skipped (the motion and truth go on). The clean vector is
// rotated into the output frame, then Bias and white Noise are added per
// axis, then each channel is clipped at ±ClipG·g0; GyroNoise is added to
// the rates. Absent axes read 0. Before Standing the body stands still
// (gravity along the trunk or segment axis, zero rates).
//
// The truth is defined in Contact. VO and Braking are integrals of the
// clean earth-levelled signals, which FrameAnatomical with Lean = 0
// outputs exactly: integrating those samples reproduces them (tested to
// 1 mm and 2 mm/s at 1 kHz).
//
// Not modelled: skin and soft-tissue motion, turns, slopes, speed
// changes, the transition from standing to gait, and out-of-plane motion
// of the limbs.
package sim
