package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// TestDeploySourceKinds: gaitd_source_connected's source label is
// <kind>:<name> for every kind of source serve follows (serial, MQTT, the
// phyphox and SensorServer phones); the alert on it and the dashboard
// panel showing it name every kind, so that a phone's source is not read
// as a serial port or a broker.
func TestDeploySourceKinds(t *testing.T) {
	h, _, logs := startServe(t, []string{"--listen", "127.0.0.1:0", "--broker", "127.0.0.1:0", "--data", t.TempDir(),
		"--serial", filepath.Join(t.TempDir(), "no-such-tty"), "--device", "belt-1",
		"--phyphox", "http://127.0.0.1:1", "--phyphox-device", "phone-a",
		"--sensorserver", "ws://127.0.0.1:1", "--sensorserver-device", "phone-b"})
	sourceRe := regexp.MustCompile(`(?m)^gaitd_source_connected\{source="([a-z]+):[^"]*"\}`)
	kinds := map[string]bool{}
	for deadline := time.Now().Add(5 * time.Second); len(kinds) < 4; time.Sleep(50 * time.Millisecond) {
		for _, m := range sourceRe.FindAllStringSubmatch(metricsText(t, h), -1) {
			kinds[m[1]] = true
		}
		if time.Now().After(deadline) {
			t.Fatalf("source kinds %v, want 4\n%s", kinds, logs)
		}
	}

	var file struct {
		Groups []struct {
			Rules []struct {
				Alert       string            `yaml:"alert"`
				Expr        string            `yaml:"expr"`
				Annotations map[string]string `yaml:"annotations"`
			} `yaml:"rules"`
		} `yaml:"groups"`
	}
	if err := yaml.Unmarshal(readDeploy(t, "alerts.yml"), &file); err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	for _, g := range file.Groups {
		for _, r := range g.Rules {
			if strings.Contains(r.Expr, "gaitd_source_connected") {
				texts["alerts.yml: "+r.Alert] = r.Annotations["description"]
			}
		}
	}
	var d struct {
		Panels []struct {
			Title       string `json:"title"`
			Description string `json:"description"`
			Targets     []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(readDeploy(t, "grafana/gaitd-dashboard.json"), &d); err != nil {
		t.Fatal(err)
	}
	for _, p := range d.Panels {
		for _, q := range p.Targets {
			if strings.Contains(q.Expr, "gaitd_source_connected") {
				texts["dashboard: "+p.Title] = p.Description
			}
		}
	}
	if len(texts) < 2 {
		t.Fatalf("want an alert and a panel on gaitd_source_connected: %v", texts)
	}
	for where, text := range texts {
		for k := range kinds {
			if !strings.Contains(text, k+":") {
				t.Errorf("%s: the description does not name the source kind %s: (%q)", where, k, text)
			}
		}
	}
}
