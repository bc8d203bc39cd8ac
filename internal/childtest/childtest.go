// Package childtest runs one test again in a child process of the test
// binary, for tests that change what belongs to the whole process — a
// resource limit such as RLIMIT_FSIZE — and must not change it for the
// test framework or the tests beside them.
//
// Why a child: go test (when its result may be cached) has the test
// binary write a log of the files and environment the tests read, its
// -test.testlogfile, while they run. A file size limit set in the test
// process fails that log's writes ("testing: can't write testlog.txt:
// file too large") and so the package, though every test passed; it also
// reaches any parallel test writing a file meanwhile.
package childtest

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// env names the variable that tells the child which test it is.
const env = "GAITD_CHILD_TEST"

// Child reports whether the calling test runs in its child process. In
// the test binary go test started, it runs the test's top-level test again
// (-test.run=^name$, with none of the parent's other flags, so no test
// log) in a child of the same binary, fails t with the child's output if
// the child fails, and returns false: the caller returns. In the child it
// returns true: the caller does its work there.
//
//	if !childtest.Child(t) {
//		return
//	}
//	// set the limit; it holds in the child only
func Child(t *testing.T) bool {
	t.Helper()
	top, _, _ := strings.Cut(t.Name(), "/")
	if os.Getenv(env) == top {
		return true
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+regexp.QuoteMeta(top)+"$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), env+"="+top)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s in a child process: %v\n%s", top, err, out)
	}
	if !strings.Contains(string(out), "--- PASS: "+top) {
		t.Fatalf("%s in a child process did not run it:\n%s", top, out)
	}
	return false
}
