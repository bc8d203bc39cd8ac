package main

import (
	"io"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"

	"github.com/gaitd/gaitd/gait"
)

// runMetrics holds the Prometheus gauges of one analysed run, on a private
// registry. Names follow the Prometheus conventions (base units, gait_
// prefix); the device label is the configured device name, so the label
// set stays bounded.
type runMetrics struct {
	reg *prometheus.Registry

	cadence, gct, flight, vo, balance, duty *prometheus.GaugeVec
	steps                                   *prometheus.GaugeVec
	signalState, signalValue                *prometheus.GaugeVec
}

func newRunMetrics() *runMetrics {
	m := &runMetrics{reg: prometheus.NewRegistry()}
	gauge := func(name, help string, labels ...string) *prometheus.GaugeVec {
		g := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: name, Help: help}, labels)
		m.reg.MustRegister(g)
		return g
	}
	m.cadence = gauge("gait_cadence_steps_per_minute", "Mean cadence of the run, both legs.", "device")
	m.gct = gauge("gait_ground_contact_time_seconds", "Median ground contact time of the run.", "device")
	m.flight = gauge("gait_flight_time_seconds", "Median flight time of the run.", "device")
	m.vo = gauge("gait_vertical_oscillation_meters", "Median vertical oscillation of the sensor per step.", "device")
	m.duty = gauge("gait_duty_factor_ratio", "Median duty factor: ground contact time over stride time.", "device")
	m.balance = gauge("gait_gct_balance_ratio", "Left share of ground contact time, 0-1 (0.5 = symmetric).", "device")
	m.steps = gauge("gait_run_steps", "Steps of the run, both legs.", "device")
	m.signalState = gauge("gait_signal_state", "Form signal state: 0 ok, 1 watch, 2 flag, -1 unavailable.", "device", "signal")
	m.signalValue = gauge("gait_signal_value", "Headline value of a form signal, in the unit README documents for it.", "device", "signal")
	return m
}

// set records a run report under a device name. Unknown values are not
// exported (no series rather than a made-up number).
func (m *runMetrics) set(device string, r gait.Report) {
	// div converts the report's ms, mm and % to base units
	put := func(g *prometheus.GaugeVec, v *float64, div float64) {
		if v != nil {
			g.WithLabelValues(device).Set(*v / div)
		}
	}
	put(m.cadence, r.CadenceSPM, 1)
	put(m.gct, r.GCTms, 1000)
	put(m.flight, r.FlightMs, 1000)
	put(m.vo, r.VOmm, 1000)
	put(m.duty, r.DutyFactor, 1)
	put(m.balance, r.GCTBalancePct, 100)
	m.steps.WithLabelValues(device).Set(float64(r.Steps))
	for _, s := range r.Signals {
		m.signalState.WithLabelValues(device, s.Name).Set(float64(s.State.Level()))
		if s.Value != nil {
			m.signalValue.WithLabelValues(device, s.Name).Set(*s.Value)
		}
	}
}

// writeText writes the metrics in the Prometheus text exposition format
// (for node_exporter's textfile collector or a push gateway; analyze writes
// them to an atomic file).
func (m *runMetrics) writeText(w io.Writer) error {
	mfs, err := m.reg.Gather()
	if err != nil {
		return err
	}
	for _, mf := range mfs {
		if _, err := expfmt.MetricFamilyToText(w, mf); err != nil {
			return err
		}
	}
	return nil
}
