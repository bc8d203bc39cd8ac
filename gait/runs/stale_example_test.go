package runs_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/gaitd/gaitd/gait/runs"
)

// A process killed while it wrote a run leaves a hidden temporary folder
// in the device's folder. RemoveStale, called at start-up before any
// Recorder of the data directory runs, renames into place one whose write
// was complete (summary.json and steps.csv), removes those that hold only
// what a run write makes, and keeps one holding anything else.
func ExampleRemoveStale() {
	dir, err := os.MkdirTemp("", "gaitd-runs")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	dev := filepath.Join(dir, "belt-1")
	// cut short: the summary written, steps.csv not yet
	cut := filepath.Join(dev, ".20261124T015500123Z.tmp123")
	os.MkdirAll(cut, 0o755)
	os.WriteFile(filepath.Join(cut, "summary.json"), []byte("{}"), 0o644)
	// complete, killed before the folder's rename
	done := filepath.Join(dev, ".20261124T015506000Z.tmp7")
	os.MkdirAll(done, 0o755)
	os.WriteFile(filepath.Join(done, "summary.json"), []byte(`{"device":"belt-1","id":"20261124T015506000Z"}`), 0o644)
	os.WriteFile(filepath.Join(done, "steps.csv"), []byte("ic_s\n"), 0o644)
	// the pattern's name, but a file a run write does not make: not ours
	mine := filepath.Join(dev, ".20261124T015502000Z.tmp42")
	os.MkdirAll(mine, 0o755)
	os.WriteFile(filepath.Join(mine, "notes.txt"), []byte("keep"), 0o644)

	removed, recovered, kept, err := runs.RemoveStale(dir)
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range removed {
		fmt.Println("removed", filepath.Base(p))
	}
	for _, p := range kept {
		fmt.Println("kept", filepath.Base(p))
	}
	for _, p := range recovered {
		fmt.Println("recovered", filepath.Base(p))
	}
	recs, _ := runs.List(dir)
	fmt.Println(len(recs), "run:", recs[0].ID)
	// Output:
	// removed .20261124T015500123Z.tmp123
	// kept .20261124T015502000Z.tmp42
	// recovered 20261124T015506000Z
	// 1 run: 20261124T015506000Z
}
