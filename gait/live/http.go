package live

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/gaitd/gaitd/gait/runs"
)

// Handler serves the Hub over HTTP:
//
//	GET  /metrics                   Prometheus metrics (private registry)
//	GET  /api/devices               every device's live figures (JSON array)
//	POST /api/devices/{id}/stop     end the device's open run: {"run": id}
//	GET  /api/runs                  every written run, newest first
//	GET  /api/runs/{id}             one run (?device= when two devices share the id)
//
// Errors are JSON objects {"error": "..."} with a 4xx/5xx status; a method
// an endpoint does not take is answered 405 with the one it takes in the
// Allow header (GET also takes HEAD).
func (h *Hub) Handler() http.Handler {
	mux := http.NewServeMux()
	// (the mux answers 405 by itself, but in text where the API's errors
	// are JSON: TestServeMethodNotAllowed)
	for path, allow := range map[string]string{"/metrics": "GET, HEAD", "/api/devices": "GET, HEAD", "/api/devices/{id}/stop": "POST",
		"/api/runs": "GET, HEAD", "/api/runs/{id}": "GET, HEAD"} {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allow)
			writeErr(w, http.StatusMethodNotAllowed, r.Method+" "+r.URL.Path+": method not allowed, use "+allow)
		})
	}
	mux.Handle("GET /metrics", promhttp.HandlerFor(h.reg, promhttp.HandlerOpts{Registry: h.reg, ErrorLog: slogPrinter{h}}))
	mux.HandleFunc("GET /api/devices", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, h.Devices())
	})
	mux.HandleFunc("POST /api/devices/{id}/stop", func(w http.ResponseWriter, r *http.Request) {
		id, err := h.Stop(r.PathValue("id"))
		switch {
		case errors.Is(err, ErrNoDevice):
			writeErr(w, http.StatusNotFound, "no device "+r.PathValue("id"))
		case err != nil && id == "":
			writeErr(w, http.StatusInternalServerError, err.Error())
		case err != nil:
			// this run written; one kept from an earlier failure
			// still not (its error): the stop itself succeeded
			writeJSON(w, http.StatusOK, map[string]string{"run": id, "warning": err.Error()})
		default:
			var run *string
			if id != "" {
				run = &id
			}
			writeJSON(w, http.StatusOK, map[string]*string{"run": run})
		}
	})
	mux.HandleFunc("GET /api/runs", func(w http.ResponseWriter, r *http.Request) {
		recs, err := runs.List(h.cfg.DataDir)
		if err != nil {
			writeErr(w, http.StatusInternalServerError, err.Error())
			return
		}
		if recs == nil {
			recs = []runs.Record{}
		}
		writeJSON(w, http.StatusOK, recs)
	})
	mux.HandleFunc("GET /api/runs/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, dev := r.PathValue("id"), r.URL.Query().Get("device")
		if dev != "" {
			rec, err := runs.Load(h.cfg.DataDir, dev, id)
			if errors.Is(err, os.ErrNotExist) {
				writeErr(w, http.StatusNotFound, "no run "+id+" of device "+dev)
			} else if err != nil {
				writeErr(w, http.StatusBadRequest, err.Error())
			} else {
				writeJSON(w, http.StatusOK, rec)
			}
			return
		}
		recs, err := runs.List(h.cfg.DataDir)
		if err != nil {
			writeErr(w, http.StatusInternalServerError, err.Error())
			return
		}
		var found []runs.Record
		for _, rec := range recs {
			if rec.ID == id {
				found = append(found, rec)
			}
		}
		switch len(found) {
		case 0:
			writeErr(w, http.StatusNotFound, "no run "+id)
		case 1:
			writeJSON(w, http.StatusOK, found[0])
		default:
			writeErr(w, http.StatusConflict, "run id "+id+" exists for several devices: add ?device=")
		}
	})
	return mux
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

func writeErr(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

type slogPrinter struct{ h *Hub }

func (p slogPrinter) Println(v ...any) { p.h.log.Error("serving metrics", "err", v) }
