package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"gopkg.in/yaml.v3"

	"github.com/gaitd/gaitd/gait"
	"github.com/gaitd/gaitd/gait/live"
	mqttpkg "github.com/gaitd/gaitd/sensor/mqtt"
)

// deployDir holds the deployment files the tests below keep honest.
const deployDir = "../../deploy"

// The alert rules, the Grafana dashboard, the Prometheus, Grafana and
// compose configurations and the Containerfile in deploy/ use only metrics
// gaitd exposes, with their real labels, and refer to each other and to
// files that exist. (No container is built and no Prometheus or Grafana
// runs here: what is checked is names, labels, structure and references.)
func TestDeploy(t *testing.T) {
	mf := deployFamilies(t)
	t.Run("alerts", func(t *testing.T) { checkAlerts(t, mf) })
	t.Run("dashboard", func(t *testing.T) { checkDashboard(t, mf) })
	t.Run("prometheus", checkPrometheusConfigs)
	t.Run("compose", checkCompose)
	t.Run("containerfile", checkContainerfile)
	t.Run("dockerignore", checkDockerignore)
	t.Run("systemd", checkSystemd)
}

// deployFamilies runs a hub as serve does — one source, one device fed a
// simulated run with Unix-time timestamps (so the contact latency is
// observed and the form signals are computed), and one of each counted
// problem — and returns the metric families its /metrics exposes.
func deployFamilies(t *testing.T) map[string]*dto.MetricFamily {
	t.Helper()
	const source = "mqtt:tcp://127.0.0.1:1883"
	h, err := live.New(live.Config{DataDir: t.TempDir(), Engine: gait.Config{Placement: gait.Waist}, Sources: []string{source}, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h.Handler())
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.Run(ctx) }()
	defer func() { cancel(); <-done }()

	ss, layout := simRun(t, 30)
	t0 := float64(time.Now().Unix()) - 31
	for i := range ss {
		ss[i].T += t0
	}
	for k := 0; k < len(ss); k += 10 {
		if err := h.Push("belt-1", layout, ss[k:min(k+10, len(ss))]); err != nil {
			t.Fatal(err)
		}
	}
	h.SetConnected(source, true)
	h.DecodeError("belt-1", errors.New("bad frame"))
	h.DroppedMessages("belt-1", 1)
	h.LostFrames("belt-1", 2)
	h.Unrouted(1)
	h.Push("bad name", layout, ss[:1])                                                                    // refused: counted in gaitd_device_rejected_samples_total
	registerBrokerMetrics(h.Registry(), func() (d [len(mqttpkg.DropReasons)]uint64) { d[0] = 3; return }) // as serve does with --broker
	(&mqttOptions{}).pushHandler(h.Registry())                                                            // as serve does with --http-push
	mf := scrape(t, strings.TrimPrefix(srv.URL, "http://"))
	// every gaitd metric serve can register (its descriptors) has series here,
	// so that the checks below see its type and labels
	for _, name := range describedNames(h.Registry()) {
		if strings.HasPrefix(name, "gaitd_") && mf[name] == nil {
			t.Fatalf("the hub exposes no %s: the fixture does not exercise every metric", name)
		}
	}
	return mf
}

// describedNames returns the names of the metrics a collector describes:
// every metric it can export, whether it has series yet or not.
func describedNames(c prometheus.Collector) []string {
	ch := make(chan *prometheus.Desc)
	go func() { c.Describe(ch); close(ch) }()
	fqName := regexp.MustCompile(`fqName: "([^"]+)"`)
	var names []string
	for d := range ch {
		if m := fqName.FindStringSubmatch(d.String()); m != nil && !slices.Contains(names, m[1]) {
			names = append(names, m[1])
		}
	}
	slices.Sort(names)
	return names
}

var (
	// gaitdName finds gaitd metric names (words starting with gaitd_;
	// gaitd uses no colons, so "name:" in prose is the name).
	gaitdName = regexp.MustCompile(`(?:^|[^A-Za-z0-9_:])(gaitd_[A-Za-z0-9_]*)`)
	// alertLabel finds {{ $labels.x }} in alert annotations.
	alertLabel = regexp.MustCompile(`\$labels\.([A-Za-z_][A-Za-z0-9_]*)`)
	// legendLabel finds {{x}} in Grafana legend formats.
	legendLabel = regexp.MustCompile(`\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}`)
	// grafanaVar finds $x and ${x} in Grafana queries.
	grafanaVar = regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)`)
)

// metricsIn returns the metric families that the gaitd_ names in text
// refer to (a histogram's _bucket, _sum and _count series refer to the
// histogram), reporting names gaitd does not expose.
func metricsIn(t *testing.T, where, text string, mf map[string]*dto.MetricFamily) []string {
	t.Helper()
	var fams []string
	for _, m := range gaitdName.FindAllStringSubmatch(text, -1) {
		name := m[1]
		fam := name
		if mf[name] == nil {
			for _, suffix := range []string{"_bucket", "_sum", "_count"} {
				if base, ok := strings.CutSuffix(name, suffix); ok && mf[base] != nil && mf[base].GetType() == dto.MetricType_HISTOGRAM {
					fam = base
				}
			}
		}
		if mf[fam] == nil {
			t.Errorf("%s: %s is not a metric gaitd exposes", where, name)
			continue
		}
		if !slices.Contains(fams, fam) {
			fams = append(fams, fam)
		}
	}
	return fams
}

var (
	// counterFunc finds the functions of a counter's range and the metric
	// they take; gaugeFunc those of a gauge's.
	counterFunc = regexp.MustCompile(`\b(rate|irate|increase|resets)\s*\(\s*(gaitd_[A-Za-z0-9_]*)`)
	gaugeFunc   = regexp.MustCompile(`\b(delta|idelta|deriv|predict_linear)\s*\(\s*(gaitd_[A-Za-z0-9_]*)`)
)

// checkTypes reports PromQL that does not fit the types of the metrics
// it uses: rate and increase of a gauge (or delta of a counter), a
// histogram_quantile of no histogram's buckets, and a histogram named
// without its _bucket, _sum or _count (a series that does not exist).
func checkTypes(t *testing.T, where, expr string, mf map[string]*dto.MetricFamily) {
	t.Helper()
	typeOf := func(name string) (dto.MetricType, string) {
		if f := mf[name]; f != nil {
			return f.GetType(), ""
		}
		for _, suffix := range []string{"_bucket", "_sum", "_count"} {
			if base, ok := strings.CutSuffix(name, suffix); ok && mf[base] != nil {
				return mf[base].GetType(), suffix
			}
		}
		return -1, ""
	}
	for _, m := range gaitdName.FindAllStringSubmatch(expr, -1) {
		if typ, suffix := typeOf(m[1]); typ == dto.MetricType_HISTOGRAM && suffix == "" {
			t.Errorf("%s: %q uses the histogram %s without _bucket, _sum or _count", where, expr, m[1])
		}
	}
	for _, m := range counterFunc.FindAllStringSubmatch(expr, -1) {
		if typ, suffix := typeOf(m[2]); typ != dto.MetricType_COUNTER && !(typ == dto.MetricType_HISTOGRAM && suffix != "") {
			t.Errorf("%s: %q: %s of %s, a %v", where, expr, m[1], m[2], typ)
		}
	}
	for _, m := range gaugeFunc.FindAllStringSubmatch(expr, -1) {
		if typ, _ := typeOf(m[2]); typ != dto.MetricType_GAUGE {
			t.Errorf("%s: %q: %s of %s, a %v", where, expr, m[1], m[2], typ)
		}
	}
	if strings.Contains(expr, "histogram_quantile") {
		ok := false
		for _, m := range gaitdName.FindAllStringSubmatch(expr, -1) {
			if typ, suffix := typeOf(m[1]); typ == dto.MetricType_HISTOGRAM && suffix == "_bucket" {
				ok = true
			}
		}
		if !ok {
			t.Errorf("%s: %q: histogram_quantile of no histogram's _bucket series", where, expr)
		}
	}
}

// labelsOf returns the label names of the families' series, plus the
// target labels Prometheus adds (instance, job) and le for histograms.
func labelsOf(mf map[string]*dto.MetricFamily, fams []string) map[string]bool {
	ls := map[string]bool{"instance": true, "job": true}
	for _, f := range fams {
		if mf[f].GetType() == dto.MetricType_HISTOGRAM {
			ls["le"] = true
		}
		for _, m := range mf[f].Metric {
			for _, l := range m.Label {
				ls[l.GetName()] = true
			}
		}
	}
	return ls
}

// balanced reports whether the brackets of a PromQL expression (outside
// string literals) pair up.
func balanced(expr string) bool {
	var stack []rune
	var quote rune
	for _, r := range expr {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'' || r == '`':
			quote = r
		case r == '(' || r == '{' || r == '[':
			stack = append(stack, r)
		case r == ')' || r == '}' || r == ']':
			open := map[rune]rune{')': '(', '}': '{', ']': '['}[r]
			if len(stack) == 0 || stack[len(stack)-1] != open {
				return false
			}
			stack = stack[:len(stack)-1]
		}
	}
	return len(stack) == 0 && quote == 0
}

// readDeploy reads a file of deploy/.
func readDeploy(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(deployDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// decodeYAML decodes a deploy/ YAML file strictly: keys not in v are
// errors (a misspelt key does not pass silently).
func decodeYAML(t *testing.T, name string, v any) {
	t.Helper()
	dec := yaml.NewDecoder(strings.NewReader(string(readDeploy(t, name))))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func checkAlerts(t *testing.T, mf map[string]*dto.MetricFamily) {
	var file struct {
		Groups []struct {
			Name     string `yaml:"name"`
			Interval string `yaml:"interval"`
			Rules    []struct {
				Alert         string            `yaml:"alert"`
				Record        string            `yaml:"record"`
				Expr          string            `yaml:"expr"`
				For           string            `yaml:"for"`
				KeepFiringFor string            `yaml:"keep_firing_for"`
				Labels        map[string]string `yaml:"labels"`
				Annotations   map[string]string `yaml:"annotations"`
			} `yaml:"rules"`
		} `yaml:"groups"`
	}
	decodeYAML(t, "alerts.yml", &file)
	// every gaitd_ name in the file, comments included
	metricsIn(t, "alerts.yml", string(readDeploy(t, "alerts.yml")), mf)
	used := map[string]bool{}
	names := map[string]bool{}
	if len(file.Groups) == 0 {
		t.Fatal("alerts.yml: no groups")
	}
	for _, g := range file.Groups {
		if g.Name == "" || len(g.Rules) == 0 {
			t.Errorf("alerts.yml: group %q: no name or no rules", g.Name)
		}
		for i, r := range g.Rules {
			where := "alerts.yml: " + g.Name + "[" + r.Alert + "]"
			if r.Alert == "" || r.Record != "" {
				t.Errorf("alerts.yml: %s rule %d: want an alert rule", g.Name, i)
			}
			if names[r.Alert] {
				t.Errorf("%s: alert name used twice", where)
			}
			names[r.Alert] = true
			if !slices.Contains([]string{"critical", "warning", "info"}, r.Labels["severity"]) {
				t.Errorf("%s: labels.severity %q, want critical, warning or info", where, r.Labels["severity"])
			}
			if r.Annotations["summary"] == "" || r.Annotations["description"] == "" {
				t.Errorf("%s: want annotations summary and description", where)
			}
			if r.For != "" {
				if _, err := time.ParseDuration(r.For); err != nil {
					t.Errorf("%s: for: %v", where, err)
				}
			}
			if !balanced(r.Expr) {
				t.Errorf("%s: unbalanced brackets in %q", where, r.Expr)
			}
			fams := metricsIn(t, where, r.Expr, mf)
			checkTypes(t, where, r.Expr, mf)
			for _, f := range fams {
				used[f] = true
			}
			if strings.Contains(r.Expr, `up{job="gaitd"}`) {
				used["up"] = true
			} else if len(fams) == 0 {
				t.Errorf("%s: %q uses no gaitd metric", where, r.Expr)
			}
			ls := labelsOf(mf, fams)
			text := r.Annotations["summary"] + " " + r.Annotations["description"]
			bad := map[string]bool{}
			for _, m := range alertLabel.FindAllStringSubmatch(text, -1) {
				if !ls[m[1]] && !bad[m[1]] {
					bad[m[1]] = true
					t.Errorf("%s: annotations use $labels.%s, a label its metrics do not have", where, m[1])
				}
			}
			// the series' identity is named: the device, or the source
			for _, id := range []string{"device", "source"} {
				if ls[id] && !strings.Contains(text, "$labels."+id) {
					t.Errorf("%s: its metrics are per %s, but the annotations do not name $labels.%s", where, id, id)
				}
			}
		}
	}
	for _, want := range []string{"up", "gaitd_source_connected", "gaitd_decode_errors_total", "gaitd_dropped_messages_total", "gaitd_broker_dropped_messages_total",
		"gaitd_device_rejected_samples_total", "gaitd_mqtt_unrouted_messages_total", "gaitd_contact_latency_seconds", "gaitd_signal_state"} {
		if !used[want] {
			t.Errorf("alerts.yml: no rule on %s", want)
		}
	}
}

// grafanaPanel is the part of a dashboard panel the test reads.
type grafanaPanel struct {
	ID         int                `json:"id"`
	Type       string             `json:"type"`
	Title      string             `json:"title"`
	Datasource *grafanaDatasource `json:"datasource"`
	GridPos    struct{ H, W, X, Y int }
	Targets    []struct {
		RefID        string             `json:"refId"`
		Expr         string             `json:"expr"`
		LegendFormat string             `json:"legendFormat"`
		Datasource   *grafanaDatasource `json:"datasource"`
	} `json:"targets"`
	Panels []grafanaPanel `json:"panels"` // of a row
}

type grafanaDatasource struct{ Type, UID string }

func checkDashboard(t *testing.T, mf map[string]*dto.MetricFamily) {
	const name = "grafana/gaitd-dashboard.json"
	b := readDeploy(t, name)
	var d struct {
		UID           string `json:"uid"`
		Title         string `json:"title"`
		SchemaVersion int    `json:"schemaVersion"`
		Templating    struct {
			List []struct {
				Name       string             `json:"name"`
				Type       string             `json:"type"`
				Query      any                `json:"query"`
				Definition string             `json:"definition"`
				Datasource *grafanaDatasource `json:"datasource"`
			} `json:"list"`
		} `json:"templating"`
		Panels []grafanaPanel `json:"panels"`
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if d.UID == "" || d.Title == "" || d.SchemaVersion < 36 {
		t.Errorf("%s: uid %q, title %q, schemaVersion %d (want ≥ 36)", name, d.UID, d.Title, d.SchemaVersion)
	}
	// every gaitd_ name in the file, descriptions included
	metricsIn(t, name, string(b), mf)

	// variables: the data source, and the devices from a per-device metric
	vars := map[string]bool{"__rate_interval": true, "__interval": true, "__range": true}
	for _, v := range d.Templating.List {
		vars[v.Name] = true
		switch v.Name {
		case "datasource":
			if v.Type != "datasource" || v.Query != "prometheus" {
				t.Errorf("%s: variable datasource: type %q query %v, want a prometheus datasource variable", name, v.Type, v.Query)
			}
		case "device":
			q := v.Definition
			if m, ok := v.Query.(map[string]any); ok {
				q, _ = m["query"].(string)
			} else if s, ok := v.Query.(string); ok {
				q = s
			}
			m := regexp.MustCompile(`^label_values\((gaitd_[a-z0-9_]+),\s*device\)$`).FindStringSubmatch(q)
			if m == nil || v.Definition != q {
				t.Errorf("%s: variable device: query %q, definition %q, want label_values(<gaitd metric>, device)", name, q, v.Definition)
				break
			}
			if fams := metricsIn(t, name+": variable device", m[1], mf); len(fams) == 1 && !labelsOf(mf, fams)["device"] {
				t.Errorf("%s: variable device: %s has no device label", name, m[1])
			}
			if v.Datasource == nil || v.Datasource.UID != "${datasource}" {
				t.Errorf("%s: variable device: datasource %+v, want uid ${datasource}", name, v.Datasource)
			}
		}
	}
	if !vars["datasource"] || !vars["device"] {
		t.Errorf("%s: want template variables datasource and device", name)
	}

	var panels []grafanaPanel
	for _, p := range d.Panels {
		panels = append(panels, p)
		panels = append(panels, p.Panels...)
	}
	ids := map[int]string{}
	used := map[string]bool{}
	for _, p := range panels {
		where := name + ": panel " + p.Title
		if p.ID <= 0 || ids[p.ID] != "" {
			t.Errorf("%s: id %d is not a new positive id (also %q)", where, p.ID, ids[p.ID])
		}
		ids[p.ID] = p.Title
		if g := p.GridPos; g.W <= 0 || g.H <= 0 || g.X < 0 || g.X+g.W > 24 {
			t.Errorf("%s: gridPos %+v outside the 24 columns", where, g)
		}
		if p.Type == "row" {
			continue
		}
		if p.Datasource == nil || p.Datasource.UID != "${datasource}" || len(p.Targets) == 0 {
			t.Errorf("%s: datasource %+v, %d targets: want uid ${datasource} and a query", where, p.Datasource, len(p.Targets))
		}
		refs := map[string]bool{}
		for _, q := range p.Targets {
			if q.RefID == "" || refs[q.RefID] || q.Expr == "" || q.Datasource == nil || q.Datasource.UID != "${datasource}" {
				t.Errorf("%s: target %q: want a unique refId, an expr and datasource uid ${datasource}", where, q.RefID)
			}
			refs[q.RefID] = true
			if !balanced(q.Expr) {
				t.Errorf("%s: unbalanced brackets in %q", where, q.Expr)
			}
			fams := metricsIn(t, where, q.Expr, mf)
			checkTypes(t, where, q.Expr, mf)
			for _, f := range fams {
				used[f] = true
			}
			if len(fams) == 0 && !strings.Contains(q.Expr, `up{job="gaitd"}`) {
				t.Errorf("%s: %q uses no gaitd metric", where, q.Expr)
			}
			for _, m := range grafanaVar.FindAllStringSubmatch(q.Expr, -1) {
				if !vars[m[1]] {
					t.Errorf("%s: %q uses $%s, not a variable of the dashboard", where, q.Expr, m[1])
				}
			}
			ls := labelsOf(mf, fams)
			for _, m := range legendLabel.FindAllStringSubmatch(q.LegendFormat, -1) {
				if !ls[m[1]] {
					t.Errorf("%s: legend %q uses %s, a label its metrics do not have", where, q.LegendFormat, m[1])
				}
			}
		}
	}
	// every gaitd metric serve exports (deployFamilies holds them all),
	// not a list that misses the ones added since
	for want := range mf {
		if strings.HasPrefix(want, "gaitd_") && !used[want] {
			t.Errorf("%s: no panel shows %s", name, want)
		}
	}
}

// promConfig is the part of a Prometheus configuration the test reads.
type promConfig struct {
	Global        map[string]any `yaml:"global"`
	RuleFiles     []string       `yaml:"rule_files"`
	ScrapeConfigs []struct {
		JobName        string `yaml:"job_name"`
		ScrapeInterval string `yaml:"scrape_interval"`
		StaticConfigs  []struct {
			Targets []string `yaml:"targets"`
		} `yaml:"static_configs"`
	} `yaml:"scrape_configs"`
}

// gaitdTargets returns the targets of the job "gaitd" (the job the alert
// rules name).
func gaitdTargets(t *testing.T, name string) []string {
	t.Helper()
	var c promConfig
	decodeYAML(t, name, &c)
	if !slices.Contains(c.RuleFiles, "alerts.yml") {
		t.Errorf("%s: rule_files %v, want alerts.yml", name, c.RuleFiles)
	}
	var targets []string
	for _, sc := range c.ScrapeConfigs {
		if sc.JobName == "gaitd" {
			for _, s := range sc.StaticConfigs {
				targets = append(targets, s.Targets...)
			}
		}
	}
	if len(targets) == 0 {
		t.Errorf("%s: no job gaitd with targets", name)
	}
	return targets
}

func checkPrometheusConfigs(t *testing.T) {
	var o serveOptions
	parseServe(t, "default", nil, &o)
	if got := gaitdTargets(t, "prometheus.yml"); !slices.Equal(got, []string{o.listen}) {
		t.Errorf("prometheus.yml: targets %v, want gaitd serve's default --listen %s", got, o.listen)
	}
	// prometheus-compose.yml is checked against compose.yaml in checkCompose
}

// parseServe parses gaitd serve's command line into o (flags only: no
// source is opened).
func parseServe(t *testing.T, where string, args []string, o *serveOptions) {
	t.Helper()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	o.register(fs)
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		t.Errorf("%s: gaitd serve %q: %v, arguments %q", where, args, err, fs.Args())
	}
}

// checkCommand checks that gaitd accepts the command line: the command
// parses its flags up to the -h appended, which ends it with flag.ErrHelp.
func checkCommand(t *testing.T, where string, args []string) {
	t.Helper()
	if len(args) == 0 {
		t.Errorf("%s: no command", where)
		return
	}
	var stdout, stderr strings.Builder
	err := run(context.Background(), append(slices.Clone(args), "-h"), &stdout, &stderr)
	if !errors.Is(err, flag.ErrHelp) {
		t.Errorf("%s: gaitd %q: %v\n%s", where, args, err, stderr.String())
	}
}

// flagValue is the value of --name (or -name) in args, "" without it.
func flagValue(args []string, name string) string {
	for i, a := range args {
		a = strings.TrimLeft(a, "-")
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v
		}
		if a == name && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}

func port(addr string) string {
	_, p, _ := net.SplitHostPort(addr)
	return p
}

type composeService struct {
	Build *struct {
		Context    string `yaml:"context"`
		Dockerfile string `yaml:"dockerfile"`
	} `yaml:"build"`
	Image       string            `yaml:"image"`
	Hostname    string            `yaml:"hostname"`
	Command     []string          `yaml:"command"`
	Environment map[string]string `yaml:"environment"`
	Ports       []string          `yaml:"ports"`
	Volumes     []string          `yaml:"volumes"`
	DependsOn   []string          `yaml:"depends_on"`
	Restart     string            `yaml:"restart"`
	StopSignal  string            `yaml:"stop_signal"`
	StopGrace   string            `yaml:"stop_grace_period"`
}

type composeFile struct {
	Name     string                    `yaml:"name"`
	Services map[string]composeService `yaml:"services"`
	Volumes  map[string]any            `yaml:"volumes"`
}

// mounts returns a service's bind mounts, container path → file in deploy/
// (checked to exist), and checks that its named volumes are declared.
func (c composeFile) mounts(t *testing.T, service string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, v := range c.Services[service].Volumes {
		parts := strings.Split(v, ":")
		if len(parts) < 2 {
			t.Errorf("compose.yaml: %s: volume %q: want source:target", service, v)
			continue
		}
		src, dst := parts[0], parts[1]
		if !strings.HasPrefix(src, ".") && !strings.HasPrefix(src, "/") {
			if _, ok := c.Volumes[src]; !ok {
				t.Errorf("compose.yaml: %s: volume %s is not declared under volumes", service, src)
			}
			continue
		}
		if _, err := os.Stat(filepath.Join(deployDir, src)); err != nil {
			t.Errorf("compose.yaml: %s: %v", service, err)
		}
		out[dst] = path.Clean(src)
	}
	return out
}

func publishes(s composeService, p string) bool {
	for _, ps := range s.Ports {
		f := strings.Split(ps, ":")
		if f[len(f)-1] == p {
			return true
		}
	}
	return false
}

func checkCompose(t *testing.T) {
	var c composeFile
	decodeYAML(t, "compose.yaml", &c)
	g, ok := c.Services["gaitd"]
	if !ok || c.Services["prometheus"].Image == "" || c.Services["grafana"].Image == "" {
		t.Fatalf("compose.yaml: want services gaitd, prometheus and grafana: %v", c.Services)
	}

	// gaitd: built from the Containerfile, serve with the embedded broker,
	// its data in a volume
	if g.Build == nil {
		t.Fatal("compose.yaml: gaitd has no build")
	}
	if _, err := os.Stat(filepath.Join(deployDir, g.Build.Context, g.Build.Dockerfile)); err != nil {
		t.Errorf("compose.yaml: gaitd build: %v", err)
	}
	if abs, _ := filepath.Abs(filepath.Join(deployDir, g.Build.Context)); !fileExists(filepath.Join(abs, "go.mod")) {
		t.Errorf("compose.yaml: gaitd build context %s is not the repository root", g.Build.Context)
	}
	checkCommand(t, "compose.yaml: gaitd", g.Command)
	var o serveOptions
	if len(g.Command) > 0 && g.Command[0] == "serve" {
		parseServe(t, "compose.yaml: gaitd", g.Command[1:], &o)
	} else {
		t.Errorf("compose.yaml: gaitd command %q, want serve", g.Command)
	}
	if o.mqtt.listen == "" || o.dataDir != "/var/lib/gaitd" {
		t.Errorf("compose.yaml: gaitd serve: --broker %q --data %q, want the embedded broker and /var/lib/gaitd", o.mqtt.listen, o.dataDir)
	}
	for _, addr := range []string{o.listen, o.mqtt.listen} {
		if !publishes(g, port(addr)) {
			t.Errorf("compose.yaml: gaitd does not publish port %s (of %s)", port(addr), addr)
		}
	}
	// the MQTT client ID defaults to gaitd-<hostname>: a stable hostname
	// keeps the broker's persistent session across recreates
	if g.Hostname == "" {
		t.Error("compose.yaml: gaitd has no hostname (the MQTT client ID would change on every recreate)")
	}
	// HTTP (an unauthenticated stop endpoint), Prometheus and Grafana are
	// published on the loopback interface only
	for svc, p := range map[string]string{"gaitd": port(o.listen), "prometheus": "9090", "grafana": "3000"} {
		for _, ps := range c.Services[svc].Ports {
			if f := strings.Split(ps, ":"); f[len(f)-1] == p && (len(f) != 3 || f[0] != "127.0.0.1") {
				t.Errorf("compose.yaml: %s publishes %q, want 127.0.0.1:%s:%s", svc, ps, p, p)
			}
		}
	}
	c.mounts(t, "gaitd")
	if !slices.ContainsFunc(g.Volumes, func(v string) bool { return strings.HasSuffix(v, ":/var/lib/gaitd") }) {
		t.Errorf("compose.yaml: gaitd: no volume on /var/lib/gaitd")
	}

	// the demo override: gaitd demo, on the same port
	var demo composeFile
	decodeYAML(t, "compose.demo.yaml", &demo)
	for s, ds := range demo.Services {
		if _, ok := c.Services[s]; !ok {
			t.Errorf("compose.demo.yaml: service %s is not in compose.yaml", s)
		}
		checkCommand(t, "compose.demo.yaml: "+s, ds.Command)
	}
	if dc := demo.Services["gaitd"].Command; len(dc) == 0 || dc[0] != "demo" || flagValue(dc, "listen") != o.listen {
		t.Errorf("compose.demo.yaml: gaitd command %q, want demo with --listen %s", dc, o.listen)
	}

	// prometheus: prometheus-compose.yml scrapes the gaitd service and loads
	// the mounted alerts.yml
	pm := c.mounts(t, "prometheus")
	if pm["/etc/prometheus/prometheus.yml"] != "prometheus-compose.yml" {
		t.Errorf("compose.yaml: prometheus: /etc/prometheus/prometheus.yml is %q, want prometheus-compose.yml", pm["/etc/prometheus/prometheus.yml"])
	}
	var pc promConfig
	decodeYAML(t, "prometheus-compose.yml", &pc)
	for _, rf := range pc.RuleFiles {
		if src := pm[path.Join("/etc/prometheus", rf)]; src != "alerts.yml" {
			t.Errorf("compose.yaml: prometheus: rule file %s is mounted from %q, want alerts.yml", rf, src)
		}
	}
	if got := gaitdTargets(t, "prometheus-compose.yml"); !slices.Equal(got, []string{"gaitd:" + port(o.listen)}) {
		t.Errorf("prometheus-compose.yml: targets %v, want gaitd:%s", got, port(o.listen))
	}
	// the demo serves on after its runners until their runs have closed
	// by silence (5 s) and a scrape has counted them ("Runs written")
	for _, sc := range pc.ScrapeConfigs {
		if sc.JobName != "gaitd" {
			continue
		}
		every, err1 := time.ParseDuration(sc.ScrapeInterval)
		linger, err2 := time.ParseDuration(flagValue(demo.Services["gaitd"].Command, "linger"))
		if err1 != nil || err2 != nil || linger < 5*time.Second+every {
			t.Errorf("compose.demo.yaml: gaitd demo --linger %v (%v), want at least the 5 s idle plus the scrape interval %v (%v)", linger, err2, every, err1)
		}
	}

	// grafana: the provisioning directory and the dashboard where the
	// provider looks for it; the datasource is the prometheus service
	gm := c.mounts(t, "grafana")
	if gm["/etc/grafana/provisioning"] != "grafana/provisioning" {
		t.Errorf("compose.yaml: grafana: /etc/grafana/provisioning is %q, want grafana/provisioning", gm["/etc/grafana/provisioning"])
	}
	var dashPath string
	for dst, src := range gm {
		if src == "grafana/gaitd-dashboard.json" {
			dashPath = dst
		}
	}
	if dashPath == "" {
		t.Errorf("compose.yaml: grafana does not mount grafana/gaitd-dashboard.json")
	}
	if home := c.Services["grafana"].Environment["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]; home != "" && home != dashPath {
		t.Errorf("compose.yaml: grafana home dashboard %s, but the dashboard is mounted at %s", home, dashPath)
	}
	var prov struct {
		APIVersion int `yaml:"apiVersion"`
		Providers  []struct {
			Name                  string `yaml:"name"`
			Folder                string `yaml:"folder"`
			Type                  string `yaml:"type"`
			DisableDeletion       bool   `yaml:"disableDeletion"`
			AllowUIUpdates        bool   `yaml:"allowUiUpdates"`
			UpdateIntervalSeconds int    `yaml:"updateIntervalSeconds"`
			Options               struct {
				Path string `yaml:"path"`
			} `yaml:"options"`
		} `yaml:"providers"`
	}
	decodeYAML(t, "grafana/provisioning/dashboards/gaitd.yml", &prov)
	if prov.APIVersion != 1 || len(prov.Providers) != 1 || prov.Providers[0].Type != "file" || prov.Providers[0].Options.Path != path.Dir(dashPath) {
		t.Errorf("grafana/provisioning/dashboards/gaitd.yml: %+v, want apiVersion 1 and a file provider of %s", prov, path.Dir(dashPath))
	}
	var ds struct {
		APIVersion  int `yaml:"apiVersion"`
		Datasources []struct {
			Name      string `yaml:"name"`
			Type      string `yaml:"type"`
			UID       string `yaml:"uid"`
			Access    string `yaml:"access"`
			URL       string `yaml:"url"`
			IsDefault bool   `yaml:"isDefault"`
			Editable  bool   `yaml:"editable"`
			JSONData  struct {
				TimeInterval string `yaml:"timeInterval"`
			} `yaml:"jsonData"`
		} `yaml:"datasources"`
	}
	decodeYAML(t, "grafana/provisioning/datasources/prometheus.yml", &ds)
	if ds.APIVersion != 1 || len(ds.Datasources) != 1 || ds.Datasources[0].Type != "prometheus" || !ds.Datasources[0].IsDefault ||
		ds.Datasources[0].URL != "http://prometheus:9090" || !publishes(c.Services["prometheus"], "9090") {
		t.Errorf("grafana/provisioning/datasources/prometheus.yml: %+v, want the default prometheus datasource at http://prometheus:9090", ds)
	}
	// $__rate_interval follows the datasource's scrape interval
	for _, sc := range pc.ScrapeConfigs {
		if sc.JobName == "gaitd" && len(ds.Datasources) == 1 && ds.Datasources[0].JSONData.TimeInterval != sc.ScrapeInterval {
			t.Errorf("grafana/provisioning/datasources/prometheus.yml: timeInterval %q, want prometheus-compose.yml's scrape interval %q", ds.Datasources[0].JSONData.TimeInterval, sc.ScrapeInterval)
		}
	}
}

func fileExists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

func checkContainerfile(t *testing.T) {
	cf := string(readDeploy(t, "Containerfile"))
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	goVer := ""
	if m := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindStringSubmatch(string(mod)); m != nil {
		goVer = m[1]
	}
	if goVer == "" || !strings.Contains(cf, "FROM golang:"+goVer+"-bookworm AS build") {
		t.Errorf("Containerfile: want FROM golang:<go.mod's go %v>-bookworm AS build", goVer)
	}
	for _, want := range []string{"CGO_ENABLED=0 go build -trimpath", "./cmd/gaitd", "USER 10001", "VOLUME /var/lib/gaitd"} {
		if !strings.Contains(cf, want) {
			t.Errorf("Containerfile lacks %q", want)
		}
	}
	m := regexp.MustCompile(`(?m)^CMD (\[.*\])$`).FindStringSubmatch(cf)
	var cmd []string
	if m == nil || json.Unmarshal([]byte(m[1]), &cmd) != nil || len(cmd) == 0 || cmd[0] != "serve" {
		t.Fatalf("Containerfile: want CMD [\"serve\", ...] in JSON form")
	}
	checkCommand(t, "Containerfile CMD", cmd)
	var o serveOptions
	parseServe(t, "Containerfile CMD", cmd[1:], &o)
	var expose []string
	if m := regexp.MustCompile(`(?m)^EXPOSE (.*)$`).FindStringSubmatch(cf); m != nil {
		expose = strings.Fields(m[1])
	}
	for _, addr := range []string{o.listen, o.mqtt.listen} {
		if addr == "" || !slices.Contains(expose, port(addr)) {
			t.Errorf("Containerfile: CMD listens on %q, not in EXPOSE %q", addr, expose)
		}
	}
	if o.dataDir != "/var/lib/gaitd" || strings.HasPrefix(o.listen, "127.") {
		t.Errorf("Containerfile CMD: --data %q --listen %q, want /var/lib/gaitd and all interfaces", o.dataDir, o.listen)
	}
	// its docker run example publishes the HTTP port (an unauthenticated
	// POST /api/devices/{id}/stop) on the loopback only, as compose does
	runs := regexp.MustCompile(`(?m)^#\s+docker run (.*)$`).FindAllStringSubmatch(cf, -1)
	if len(runs) == 0 {
		t.Errorf("Containerfile: no docker run example")
	}
	for _, r := range runs {
		published := false
		for _, p := range regexp.MustCompile(`-p (\S+)`).FindAllStringSubmatch(r[1], -1) {
			f := strings.Split(p[1], ":")
			if f[len(f)-1] != port(o.listen) {
				continue
			}
			published = true
			if len(f) != 3 || f[0] != "127.0.0.1" {
				t.Errorf("Containerfile: docker run -p %s publishes gaitd's HTTP port on every interface, want 127.0.0.1:%s:%s", p[1], f[len(f)-1], f[len(f)-1])
			}
		}
		if !published {
			t.Errorf("Containerfile: docker run %s does not publish gaitd's HTTP port %s", r[1], port(o.listen))
		}
	}
}

// ignorePatterns returns the patterns of a .dockerignore file.
func ignorePatterns(t *testing.T, file string) []string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var ps []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			ps = append(ps, l)
		}
	}
	return ps
}

// The legacy docker builder reads only the context root's .dockerignore,
// BuildKit the Containerfile's own: both keep out the same files, and
// every file git ignores: what a checkout makes is no source. serve's
// default --data is gaitd-data in the working directory, so a checkout
// where serve ran holds people's runs (one was committed by mistake,
// fedb859): they went into the build context and the build stage's
// COPY . . layer, and every new run made the build start over there.
func checkDockerignore(t *testing.T) {
	root, own := ignorePatterns(t, "../../.dockerignore"), ignorePatterns(t, filepath.Join(deployDir, "Containerfile.dockerignore"))
	if !slices.Equal(root, own) || !slices.Contains(root, ".git") {
		t.Errorf(".dockerignore %q and deploy/Containerfile.dockerignore %q differ (or keep .git in)", root, own)
	}
	// .dockerignore patterns are relative to the context root (a leading
	// / is dropped); a .gitignore pattern with no slash before its end
	// matches at any depth, which .dockerignore writes **/pattern
	clean := func(p string) string { return strings.TrimSuffix(strings.TrimPrefix(p, "/"), "/") }
	var ignored []string
	for _, p := range own {
		ignored = append(ignored, clean(p))
	}
	for _, p := range ignorePatterns(t, "../../.gitignore") {
		want := clean(p)
		if !strings.Contains(strings.TrimSuffix(p, "/"), "/") {
			want = "**/" + want
		}
		if !slices.Contains(ignored, want) {
			t.Errorf(".gitignore's %s is not kept out of the build context: want %s in .dockerignore and deploy/Containerfile.dockerignore", p, want)
		}
	}
}

// credentialRef finds ${CREDENTIALS_DIRECTORY}/<name> in a config file.
var credentialRef = regexp.MustCompile(`\$\{CREDENTIALS_DIRECTORY\}/([A-Za-z0-9._-]+)`)

// The systemd unit's install steps give a service that starts: the config
// they install is a shipped file that needs nothing the steps do not
// create (no secret, no serial port), its data directory is the unit's
// StateDirectory, and serve starts with it. The credentials the unit offers
// (LoadCredential=, commented or not) are the ones the configs name as
// ${CREDENTIALS_DIRECTORY}/<name>.
func checkSystemd(t *testing.T) {
	unit := string(readDeploy(t, "gaitd.service"))
	line := func(re string) []string {
		m := regexp.MustCompile(`(?m)` + re).FindStringSubmatch(unit)
		if m == nil {
			t.Fatalf("gaitd.service: no line matching %s", re)
		}
		return m
	}
	exec := strings.Fields(line(`^ExecStart=(.*)$`)[1])
	if len(exec) < 2 || exec[0] != "/usr/local/bin/gaitd" {
		t.Fatalf("gaitd.service: ExecStart %q", exec)
	}
	checkCommand(t, "gaitd.service ExecStart", exec[1:])
	cfgPath := flagValue(exec[1:], "config")
	if cfgPath == "" {
		t.Fatalf("gaitd.service: ExecStart has no --config")
	}
	if bin := line(`^#\s+go build -o (\S+) \./cmd/gaitd$`)[1]; bin != exec[0] {
		t.Errorf("gaitd.service: installs the binary as %s, runs %s", bin, exec[0])
	}
	installed := line(`^#\s+install -D -m 0644 deploy/(\S+) (\S+)$`)
	if installed[2] != cfgPath {
		t.Errorf("gaitd.service: installs deploy/%s as %s, runs --config %s", installed[1], installed[2], cfgPath)
	}
	if installed[1] == "gaitd.yaml" {
		t.Errorf("gaitd.service: installs the every-key example (serial ports, credentials) as the live config")
	}
	stateDir := "/var/lib/" + line(`^StateDirectory=(\S+)$`)[1]

	// the installed config on a fresh host: no credentials
	t.Setenv("CREDENTIALS_DIRECTORY", "")
	var o serveOptions
	parseServe(t, "gaitd.service", exec[2:], &o)
	if err := loadConfig(filepath.Join(deployDir, installed[1]), &o, nil); err != nil {
		t.Fatalf("the installed config: %v", err)
	}
	m := o.mqtt
	if len(o.extra) > 0 || o.serial.cfg.Device != "" || o.signals != "" || m.usersFile != "" || m.passwordFile != "" || m.tlsCert != "" || m.clientCA != "" || m.certFile != "" || m.caFile != "" {
		t.Errorf("%s needs files the install steps do not create: %+v", installed[1], o)
	}
	if o.dataDir != stateDir || m.listen == "" || m.broker != "" {
		t.Errorf("%s: data %q (want the StateDirectory %s), broker %q, mqtt %q: want the embedded broker", installed[1], o.dataDir, stateDir, m.listen, m.broker)
	}
	// ... and serve starts with it (addresses and data directory moved
	// to where a test may listen and write)
	h, broker, logs := startServe(t, []string{"--config", filepath.Join(deployDir, installed[1]), "--listen", "127.0.0.1:0",
		"--broker", "127.0.0.1:0", "--broker-ws", "127.0.0.1:0", "--data", t.TempDir()})
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		body := metricsText(t, h)
		if strings.Contains(body, `gaitd_source_connected{source="mqtt:tcp://`+broker+`"} 1`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve with %s: not connected:\n%s\n%s", installed[1], grepLines(body, "source"), logs)
		}
	}

	offered := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^#?\s*LoadCredential=([A-Za-z0-9._-]+):(/etc/gaitd/\S+)$`).FindAllStringSubmatch(unit, -1) {
		offered[m[1]] = true
	}
	if len(offered) == 0 {
		t.Error("gaitd.service: no LoadCredential= example")
	}
	named := map[string]bool{}
	for _, f := range []string{"gaitd.yaml", installed[1]} {
		text := string(readDeploy(t, f))
		for _, l := range strings.Split(text, "\n") {
			for _, m := range credentialRef.FindAllStringSubmatch(l, -1) {
				named[m[1]] = true
				// named with its LoadCredential= on the line, or offered by the unit
				if !offered[m[1]] && !strings.Contains(l, "LoadCredential="+m[1]+":/etc/gaitd/") {
					t.Errorf("%s: ${CREDENTIALS_DIRECTORY}/%s: no LoadCredential=%s: in gaitd.service or on the line", f, m[1], m[1])
				}
			}
		}
	}
	for c := range offered {
		if !named[c] {
			t.Errorf("gaitd.service: LoadCredential=%s: no config names ${CREDENTIALS_DIRECTORY}/%s", c, c)
		}
	}
}
