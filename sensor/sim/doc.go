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
// running (0.25·T ≤ tc ≤ T − max(20 ms, 5 %·T)) and double support and
// swing when walking (T + 20 ms ≤ tc ≤ T + 0.9·T_next); New refuses
// configurations whose mean contacts, at the start or at the end of the
// drift, would not fit these bounds with some margin, so the clamps only
// catch extreme variability draws. Impact amplitude and the
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
// # Waist, walking: inverted pendulum and loading response
//
// The vertical excursion of each step follows the inverted pendulum of
// Zijlstra & Hof (2003) with leg length l = 0.95 m and step length
// L = v·T_i: L = A·2·sqrt(2lh − h²), A = 1.15, so h = l − sqrt(l² −
// (L/2A)²) (about 5 cm at 1.3 m/s). The waveform that produces it has the
// shape of the lower-back recordings rather than a plain sinusoid. With
// dt = t − IC_i, u = dt/T_i, DS_i the double support (the other foot's
// toe-off − IC_i) and P(a, p, b) a raised-cosine pulse (0 at a, 1 at p,
// 0 at b, continuous slope, area (b − a)/2):
//
//	a_v = g0 + a_i·[ cos(2π(u − 0.015))                    pendulum
//	       + λ_i·P(0, 20 ms, 95 ms)                       loading peak
//	       − 0.45·P(t_r − w_r, t_r, t_r + w_r)            trough
//	       + 0.75·P(t_b − w_b, t_b, t_b + w_b)            toe-off bump
//	       − ν_i·P(DS_i, DS_i + 0.75·(T_i − DS_i), T_i) ] single-support valley
//
// with t_r = 20 ms + 0.6·(DS_i − 20 ms), w_r = min(50 ms, 0.4·(DS_i −
// 20 ms)), t_b = DS_i − 10 ms, w_b = min(45 ms, 0.4·DS_i, (T_i − DS_i)/2).
// Every term lies inside [IC_i, IC_i+1) and ν_i cancels the other pulses'
// area, so the mean over each step is exactly g0 and the signal is
// continuous. The scale a_i = κ·h_i/T_i² grows like the pendulum's
// acceleration; κ is set once so that the nominal step (T0, DS = GCT −
// T0, mean impact) has a vertical excursion of exactly h (other steps'
// double support and impact vary, so their excursion comes within about
// ±6 % of h at the default variability; VO in the truth is always the
// double integral of the generated a_v). The loading pulse λ_i·a_i is the
// impact P_i: 1.4·a_i at the nominal step, times the variability and
// ImpactAsym factors. The loading peak reaches about 1.6 g at 1.3 m/s,
// 1.2 g at 0.8 m/s, 2.1 g at 1.8 m/s.
//
// So a_v rises steeply from IC (the steepest point of the 20 Hz low-passed
// signal comes about 10 ms after IC) into a loading peak 20 ms after IC,
// drops to a trough in double support, has a local maximum at the other
// foot's toe-off (roughly the first peak of the leading leg's ground
// reaction) and a valley in single support, then climbs back towards the
// next IC. Trough and bump are tied to the other foot's toe-off, so they
// stand apart only in a long double support; with the default GCT (61 % of
// the stride, DS ≈ 0.115 s at 1.3 m/s) they shrink to a shoulder at 80–
// 100 ms on the loading response.
//
// Forward: braking P(45 ms, ·, b1_i) of depth g0·(0.065 + 0.13·v)·b from
// 45 ms after IC to b1_i = DS_i + 0.25·(T_i − DS_i), deepest 30 % of the
// way, and propulsion of equal area from b1_i to 45 ms after the next IC,
// peaking 30 ms before it: the forward acceleration peaks just before
// heel strike, is still positive at IC and turns to braking 45 ms after
// it. Mediolateral as for running with a 0.05 g stance lobe (stances
// overlap in double support) and the 0.08 g sway, smoothed with a 50 ms
// Hann kernel.
//
// The shape constants were fitted to the mobgap lower-back recordings
// HA001_Test5_Trial1/2 (a healthy adult, straight walks, 14 contacts inside
// the bouts): acceleration projected on the mean gravity direction of the
// bouts and scaled to a mean of 1 g, forward = the sensor's z axis made
// horizontal, averaged at 100 Hz aligned at the sample of each reference
// IC. "Sim as HA001" is Cadence 103.4, GCT 0.80 s (the reference's median
// step time and stance), Speed 1.04 m/s, whose h = 37 mm matches the
// recording's per-step double-integrated excursion (35–39 mm); mean
// waveforms aligned the same way differ by 0.023 g RMS vertically and
// 0.027 g forward over IC − 0.3 s … IC + 0.6 s.
//
//	IC-aligned mean          HA001 Test5      sim as HA001     sim 1.3 m/s
//	steepest rise (20 Hz)    +0 ms            +10 ms           +10 ms
//	a_v at IC                1.28 g           1.19 g           1.26 g
//	loading peak             +20 ms, 1.40 g   +20 ms, 1.43 g   +20 ms, 1.59 g
//	trough                   +150 ms, 0.94 g  +150 ms, 0.95 g  +80 ms, 1.19 g
//	bump (other toe-off)     +190 ms, 0.99 g  +200 ms, 1.00 g  +100 ms, 1.21 g
//	  other foot's toe-off   +210 ms          +220 ms          +115 ms
//	single-support valley    +300 ms, 0.81 g  +320 ms, 0.80 g  +280 ms, 0.70 g
//	forward peak             −40 ms, +0.19 g  −30 ms, +0.17 g  −30 ms, +0.11 g
//	forward at IC            +0.12 g          +0.11 g          +0.07 g
//	forward zero crossing    +50 ms           +50 ms           +50 ms
//	braking minimum          +170 ms, −0.19 g +130 ms, −0.20 g +100 ms, −0.23 g
//	trunk pitch rate ±140 ms −19, +17 °/s     −16, +16 °/s     −17, +17 °/s
//
// (The previous model, a sinusoid peaking 10 % of a step after IC plus a
// heel-strike wavelet, had its steepest rise 80 ms before IC.) The
// daily-life trial HA001_Test11_Trial1 (51 contacts) agrees: steepest rise
// +10 ms, loading peak +40 ms at 1.30 g, trough +180 ms, bump +230 ms with
// the other toe-off at +240 ms. The MS001 subject (multiple sclerosis)
// differs: steepest rise +40 ms, loading peak +60 ms at 1.31 g, no
// distinct toe-off bump (the other toe-off comes at +120 ms); the model
// follows the healthy subject.
//
// # Waist on a grade
//
// Grade = tan θ is the slope of the treadmill belt or road (θ > 0 uphill).
// The ground reaction per unit mass is built normal (n) and parallel (p,
// positive forward and up the slope) to the ground and turned into the
// earth frame the rest of the package uses:
//
//	a_v  = n·cos θ + p·sin θ        earth vertical
//	a_ap = −n·sin θ + p·cos θ       earth horizontal, forward
//
// At constant speed (a treadmill) the ground must push, over each step,
// g0·cos θ normal and g0·sin θ parallel to the slope, which is g0
// straight up: a_v still averages g0 and a_ap 0, so a sensor's mean is
// still gravity's direction and the tilt correction levels it as on the
// flat. n and p take the level shapes above (running: the stance
// half-sine and impact bump as n; braking, fore-aft impact and propulsion
// as p) with the changes Gottschall & Kram (2005, J Biomech 38:445)
// measured on a force treadmill at 3 m/s on 0, ±3, ±6 and ±9° (their
// abstract's figures; linear in θ between, held at the ±9° values
// beyond, to the ±11.3° that Grade allows):
//
//   - normal impact peak: +54 % at −9°, absent at +9° (the bump's
//     amplitude scales by 1 + 0.54·|θ|/9° downhill, 1 − θ/9° uphill);
//   - parallel braking peak: +73 % at −9°; the uphill decrease is taken
//     as its mirror (−73 % at +9°: the abstract gives the direction, not
//     the size). The fore-aft part of the impact belongs to the braking
//     and scales with it;
//   - parallel propulsive peak: +75 % at +9°; downhill the mirror (−75 %
//     at −9°, size assumed as above);
//   - normal active peak: unchanged. The stance half-sine keeps its level
//     amplitude, so the contact that carries the step's normal impulse,
//     tc ∝ g0·cos θ·T − (impact area), lengthens uphill where the impact
//     fades (+7 % at +9°, 3–3.3 m/s; flight shortens by as much) and
//     shortens downhill (−6 % at −9°). This is applied to the GCT derived
//     from Speed; a GCT given is kept as given.
//
// The braking share of stance (40 % on the level) is then whatever makes
// the parallel impulse g0·sin θ·T with those peaks: at 3 m/s it is 57 %
// at −9° and 30 % at +9° (held within 15–75 %; the propulsion's peak gives
// way if it would leave that range — down to below zero: on the steepest
// descents at slow speeds, −0.2 at 2–3 m/s, the late stance brakes too,
// −4.4 m/s² at 2 m/s, where the paper measured no such slope). Measured on the model at 3 m/s
// (TestGradeGottschallKram): impact peak in the first 50 ms 1.58 g level,
// 2.15 g at −9°, no local maximum from +6°; deepest parallel braking
// 0.74 g level, ×1.66 at −9°; propulsion 0.32 g level, ×1.72 at +9°;
// parallel braking impulse 0.29 m/s level, 0.59 at −9°, 0.07 at +9°.
//
// Walking on a grade takes only the geometry: the level waveforms as n
// and p, plus the constant g0·sin θ on p (a foot is always on the
// ground). No slope-specific change of the walking waveform is modelled.
//
// Not modelled on a grade: changes of cadence (reported as small; set
// Cadence — the tests vary it by ±3 %), and the trunk's lean — runners lean
// further forward uphill and less downhill (as reviewed by Vernillo et
// al. 2017, Sports Med 47:615 [not checked against the primary
// studies]), by amounts this package does not take from a source; set Lean for it (the tests pair each grade with a lean). On a
// treadmill the trunk stays near gravity's vertical, so Lean is relative
// to gravity, not to the belt. The truth keeps its definitions: VO is
// the earth-vertical excursion and Braking the earth-horizontal speed
// lost, which on a slope includes the normal force's backward share
// uphill (forward downhill) — not Gottschall & Kram's parallel braking
// impulse.
//
// # Waist: trunk orientation and gyro
//
// The trunk turns by small angles at stride frequency, with u the phase
// within the current step and s = +1 for a step begun by a left contact,
// −1 for a right one:
//
//	yaw   = −Θy·s·sin(πu)      Θy = 0.10 rad running, 0.07 walking
//	roll  = +Θr·s·sin(πu)      Θr = 0.07, 0.05
//	pitch = Lean + Θp·sin(2πu) Θp = 0.03           running
//	pitch = Lean − Θp·cos(2πu) Θp = 0.025          walking
//
// Right steps scale Θr by 1 + RollAsym and Θy by 1 + YawAsym (pelvic drop
// or rotation larger on one side); the angles stay continuous (they are 0
// at each IC), the rates step there.
//
// The gyro reports the exact body angular velocity of R = Rx(yaw)·
// Rz(pitch)·Ry(roll). Side convention: at a left IC the yaw rate (rate
// about the vertical axis, gyro x of an un-tilted sensor) is negative and
// the roll rate (about forward) positive; at a right IC the reverse. This
// matches the sign of gx at contacts in the mobgap lower-back recordings
// (negative at left, positive at right, after removing the mean) and makes
// the Ullrich "yaw − roll ≤ 0 → left" rule work. The peak yaw rate is
// about 50 °/s running and 25 °/s walking. When walking the trunk is
// pitched furthest back at IC and pitches forward through the loading
// response: the forward pitch rate crosses zero upwards at IC and peaks a
// quarter step later, about ±17 °/s at 1.3 m/s (mobgap HA001: −19 °/s
// 140 ms before IC, −4 °/s at IC, +17 °/s 140 ms after).
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
//     angle (0.10 + 0.03·v)·b rad running, 0.30·b walking (the truth's
//     StrikeAngle is θ at IC, once the slap has begun: 0.82 of it
//     running, 0.93 walking); rate minimum
//     10 ms (30 ms) after IC; foot flat, θ = θ' = 0, from IC + 45 ms
//     (120 ms) to heel-off at TC − 0.4·tc; push-off with the rate minimum
//     at TC reaching θ = −(0.4 + 0.045·v) rad (walking −0.5) at TC; swing
//     with the positive mid-swing peak at 45 % (50 %) of the swing, sized
//     so θ returns to the next strike angle. Peaks: about −700 °/s at TC
//     and +500 °/s mid-swing at 3.3 m/s; −250/+400 °/s walking.
//   - Shank: rate minimum at IC (−(1 + 0.6·v) rad/s running), a relative
//     maximum at 35 % of stance, a minimum at TC (−(2 + 1.2·v)), the
//     mid-swing peak (about +450 °/s at 3.3 m/s, +350 walking) solved
//     so the tilt returns to the next strike angle (0.07 + 0.015·v)·b rad
//     (walking 0.28·b), the forward shank tilt at IC.
//
// A rate-based detector (Falbriard: IC = first minimum after mid-swing,
// TC = deepest minimum before it; Purcell for the shank) finds the shoe's
// IC 10 ms (walking 30 ms) late and its TC exactly, and the shank's IC
// and TC exactly (tested: the deepest rate minimum before mid-swing lies
// within 10 ms of TC, walking and running). Kiernan et al. (2023) report
// Purcell's shank TC 3.5 ms late on average against force plates (limits
// of agreement ±147 ms), consistent with a rate minimum at TC.
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
// gap are skipped (the motion and truth go on). The clean vector is taken
// at that instant or, with AntiAlias, averaged over the period ending there
// (8 sub-samples, as an IMU's output filter low-passes before its output
// rate); it is rotated into the output frame, then Bias and white Noise are added per
// axis, then each channel is clipped at ±ClipG·g0; GyroNoise is added to
// the rates, then each is clipped at ±GyroClip. Absent axes read 0. Before
// Standing the body stands still (gravity along the trunk or segment axis,
// zero rates).
//
// The truth is defined in Contact. VO and Braking are integrals of the
// clean earth-levelled signals, which FrameAnatomical with Lean = 0
// outputs exactly: integrating those samples reproduces them (tested to
// 1 mm and 2 mm/s at 1 kHz).
//
// Not modelled: skin and soft-tissue motion, turns, slopes for shoe and
// shank (Grade is waist only), a slope's effect on cadence and trunk lean
// (see "Waist on a grade"), speed changes, the transition from standing
// to gait, and out-of-plane motion of the limbs.
package sim
