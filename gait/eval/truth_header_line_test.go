package eval

import (
	"strings"
	"testing"
)

// TestReadTruthHeaderLine: a header without an IC column is said at its
// own line, after the comment and blank lines above it (a force plate's
// export names its source first). It was said at line 1 whatever came
// before, a line of the file's comment.
func TestReadTruthHeaderLine(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"foo,bar\n1,2\n", `truth.csv:1: no ic_s column (header "foo,bar")`},
		{"# force plate\n# exported 2024-05-01\nfoo,bar\n1,2\n", `truth.csv:3: no ic_s column (header "foo,bar")`},
		{"\n\n  # note\nfoo;bar\n1;2\n", `truth.csv:4: no ic_s column (header "foo;bar")`},
		{"\ufeff# note\r\nfoo,bar\r\n1,2\r\n", `truth.csv:2: no ic_s column (header "foo,bar")`},
	} {
		if _, err := ReadTruth(strings.NewReader(tc.in), "truth.csv"); err == nil || err.Error() != tc.want {
			t.Errorf("%q: error %v, want %s", tc.in, err, tc.want)
		}
	}
}
