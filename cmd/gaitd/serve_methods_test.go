package main

import (
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeMethodNotAllowed: an endpoint asked with a method it does not
// take answers 405 Method Not Allowed with the methods it takes in Allow,
// with and without --http-push; GET /api/push/x was a 404 (the request
// went on to the API, which has no such path), as if push were off. The
// API's reply is its JSON error, push's a text, as their other refusals.
func TestServeMethodNotAllowed(t *testing.T) {
	for _, push := range []bool{true, false} {
		args := []string{"--listen", "127.0.0.1:0", "--data", filepath.Join(t.TempDir(), "data")}
		if push {
			args = append(args, "--http-push")
		} else {
			args = append(args, "--broker", "127.0.0.1:0")
		}
		h, _, _ := startServe(t, args)
		for _, tc := range []struct{ method, path, allow, body string }{
			{"POST", "/metrics", "GET, HEAD", `"error"`},
			{"DELETE", "/api/devices", "GET, HEAD", `"error"`},
			{"GET", "/api/devices/belt/stop", "POST", `"error"`},
			{"PUT", "/api/runs", "GET, HEAD", `"error"`},
			{"DELETE", "/api/runs/20261122T070000000Z", "GET, HEAD", `"error"`},
			{"GET", "/api/push/phone", "POST", "gaitd: "},
			{"PUT", "/api/push/phone", "POST", "gaitd: "},
		} {
			req, err := http.NewRequest(tc.method, "http://"+h+tc.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if !push && strings.HasPrefix(tc.path, "/api/push/") {
				if res.StatusCode != http.StatusNotFound {
					t.Errorf("without --http-push, %s %s: %d, want 404", tc.method, tc.path, res.StatusCode)
				}
				continue
			}
			if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != tc.allow || !strings.Contains(string(b), tc.body) {
				t.Errorf("push %v, %s %s: %d, Allow %q, %q; want 405, Allow %q and a reply with %s", push, tc.method, tc.path, res.StatusCode, res.Header.Get("Allow"), b, tc.allow, tc.body)
			}
		}
		// the endpoints' own methods still reach them
		for _, p := range []string{"/metrics", "/api/devices", "/api/runs"} {
			res, err := http.Get("http://" + h + p)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Errorf("GET %s: %d", p, res.StatusCode)
			}
		}
		if code, _ := post(t, "http://"+h+"/api/devices/belt/stop", nil); code != http.StatusNotFound {
			t.Errorf("POST stop of no device: %d, want 404", code)
		}
	}
}
