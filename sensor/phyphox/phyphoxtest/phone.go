// Package phyphoxtest serves phyphox's remote-access /get as the app does
// (protocols.md §6), for tests: a phone that cannot run here.
package phyphoxtest

import (
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Phone is a phyphox experiment whose buffers a test fills.
type Phone struct {
	URL string // the address the app would show
	srv *httptest.Server

	mu      sync.Mutex
	session string
	names   [4]string // time, x, y, z
	t, x    []float64
	y, z    []float64
	gnames  [4]string // the gyroscope's (WithGyro)
	gt, gx  []float64
	gy, gz  []float64
	down    bool
	paused  bool
	noConf  bool
	Gets    int // /get requests answered
	Configs int // /config requests answered (those WithoutConfig refuses too)
}

// SetMeasuring says whether the experiment is measuring (status.measuring;
// true at the start).
func (p *Phone) SetMeasuring(on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.paused = !on
}

// GetCount returns the number of /get requests answered.
func (p *Phone) GetCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.Gets
}

// SetDown makes the phone answer /get with 503 (down) until SetDown(false),
// as when it is out of reach: its buffers still take samples.
func (p *Phone) SetDown(down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = down
}

// New serves an experiment with the buffers names (time, x, y, z) until
// the test ends.
func New(tb testing.TB, names [4]string) *Phone {
	p := Start(names)
	tb.Cleanup(p.Close)
	return p
}

// Start serves an experiment with the buffers names until Close.
func Start(names [4]string) *Phone {
	p := &Phone{session: "s1", names: names}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	p.URL = p.srv.URL
	return p
}

// WithGyro gives the experiment the gyroscope buffers names (time, x, y,
// z), filled by AddGyro, and returns p.
func (p *Phone) WithGyro(names [4]string) *Phone {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.gnames = names
	return p
}

// AddGyro appends one gyroscope reading: time (s), and x, y, z (NaN is
// sent as null).
func (p *Phone) AddGyro(t, x, y, z float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.gt, p.gx, p.gy, p.gz = append(p.gt, t), append(p.gx, x), append(p.gy, y), append(p.gz, z)
}

// WithoutConfig makes the phone answer /config with 404 (an app whose
// list of buffers cannot be read) and returns p.
func (p *Phone) WithoutConfig() *Phone {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.noConf = true
	return p
}

// Close stops serving.
func (p *Phone) Close() { p.srv.Close() }

// Add appends one sample: time (s), and x, y, z (NaN is sent as null).
func (p *Phone) Add(t, x, y, z float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.t, p.x, p.y, p.z = append(p.t, t), append(p.x, x), append(p.y, y), append(p.z, z)
}

// Clear empties the buffers, as the app's clear does (same session).
func (p *Phone) Clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.t, p.x, p.y, p.z = nil, nil, nil, nil
	p.gt, p.gx, p.gy, p.gz = nil, nil, nil, nil
}

// NewSession starts another experiment: empty buffers, a new session id.
func (p *Phone) NewSession(id string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.t, p.x, p.y, p.z = nil, nil, nil, nil
	p.gt, p.gx, p.gy, p.gz = nil, nil, nil, nil
	p.session = id
}

type buffer struct {
	Size       int        `json:"size"`
	UpdateMode string     `json:"updateMode"`
	Buffer     []*float64 `json:"buffer"`
}

// serve answers /get and /config.
func (p *Phone) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/config" {
		p.config(w, r)
		return
	}
	p.get(w, r)
}

// config answers /config as phyphox's RemoteServer does, with the part a
// client reads: the experiment's buffers ("buffers": [{"name", "size"}]),
// beside its title and crc32.
func (p *Phone) config(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.down {
		http.NotFound(w, r)
		return
	}
	p.Configs++
	if p.noConf {
		http.NotFound(w, r)
		return
	}
	type buf struct {
		Name string `json:"name"`
		Size int    `json:"size"`
	}
	var bs []buf
	for _, n := range append(p.names[:], p.gnames[:]...) {
		if n != "" {
			bs = append(bs, buf{Name: n})
		}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"crc32": "0", "title": "test", "buffers": bs})
}

// get answers /get?buf=…: an empty value gives the buffer's last value
// ("single"), "full" all of it, "T" (the time buffer) or "T|ref" the
// values whose ref value is over T ("partial").
func (p *Phone) get(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/get" {
		http.NotFound(w, r)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.down {
		http.Error(w, "out of reach", http.StatusServiceUnavailable)
		return
	}
	p.Gets++
	cols := map[string][]float64{p.names[0]: p.t, p.names[1]: p.x, p.names[2]: p.y, p.names[3]: p.z}
	if p.gnames != [4]string{} {
		cols[p.gnames[0]], cols[p.gnames[1]], cols[p.gnames[2]], cols[p.gnames[3]] = p.gt, p.gx, p.gy, p.gz
	}
	out := map[string]buffer{}
	for _, kv := range strings.Split(r.URL.RawQuery, "&") {
		k, v, _ := strings.Cut(kv, "=")
		name, _ := url.QueryUnescape(k)
		arg, _ := url.QueryUnescape(v)
		col, ok := cols[name]
		if !ok {
			continue // phyphox leaves out buffers it does not have
		}
		var vals []float64
		mode := "partial"
		switch {
		case arg == "":
			mode = "single"
			if len(col) > 0 {
				vals = col[len(col)-1:]
			}
		case arg == "full":
			mode = "full"
			vals = col
		default:
			thr, ref, _ := strings.Cut(arg, "|")
			if ref == "" {
				ref = name
			}
			t, err := strconv.ParseFloat(thr, 64)
			if err != nil {
				http.Error(w, "bad threshold", http.StatusBadRequest)
				return
			}
			rc := cols[ref]
			for i := range min(len(rc), len(col)) {
				if rc[i] > t {
					vals = append(vals, col[i])
				}
			}
		}
		b := buffer{UpdateMode: mode, Buffer: make([]*float64, len(vals))}
		for i := range vals {
			if !math.IsNaN(vals[i]) {
				b.Buffer[i] = &vals[i]
			}
		}
		out[name] = b
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"buffer": out, "status": map[string]any{"session": p.session, "measuring": !p.paused, "timedRun": false, "countDown": 0}})
}
