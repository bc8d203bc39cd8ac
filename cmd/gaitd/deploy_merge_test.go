package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// bareSelector is a query Prometheus answers with the series' __name__.
var bareSelector = regexp.MustCompile(`^\s*([A-Za-z_:][A-Za-z0-9_:]*)\s*(\{[^}]*\})?\s*$`)

// TestDashboardMergeJoinable: Grafana's "merge" transformation joins the rows
// of several queries on every column they share; a table-format Prometheus
// query of a bare selector has a __name__ column, which differs between two
// metrics, so no row would merge unless __name__ is gone before the merge.
func TestDashboardMergeJoinable(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(deployDir, "grafana", "gaitd-dashboard.json"))
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Panels []struct {
			ID      int    `json:"id"`
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
			Transformations []struct {
				ID      string `json:"id"`
				Options struct {
					ExcludeByName map[string]bool `json:"excludeByName"`
				} `json:"options"`
			} `json:"transformations"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	for _, p := range d.Panels {
		names := map[string]bool{}
		for _, q := range p.Targets {
			if m := bareSelector.FindStringSubmatch(q.Expr); m != nil {
				names[m[1]] = true
			}
		}
		dropped := false
		for _, tr := range p.Transformations {
			if tr.ID == "organize" && tr.Options.ExcludeByName["__name__"] {
				dropped = true
			}
			if tr.ID == "merge" && !dropped && len(names) > 1 {
				t.Errorf("panel %d %q: merges queries of %d metrics whose __name__ columns differ: no row joins", p.ID, p.Title, len(names))
			}
		}
	}
}
