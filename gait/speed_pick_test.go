package gait

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"strings"
	"testing"
)

// TestPickInline holds the per-sample path's copy of pick's body (sample
// runs it in place of the call, which spilled sample's registers and took
// its arguments again on every sample) to pick itself, which the picking
// again of held samples calls: the last statements of sample must be
// pick's body, statement for statement (comments aside).
func TestPickInline(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "engine.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	body := func(name string) []ast.Stmt {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == name && fd.Recv != nil {
				return fd.Body.List
			}
		}
		t.Fatalf("no method %s in engine.go", name)
		return nil
	}
	text := func(s ast.Stmt) string {
		var b bytes.Buffer
		if err := printer.Fprint(&b, fset, s); err != nil {
			t.Fatal(err)
		}
		// (without the blank lines a comment left)
		var out []string
		for _, l := range strings.Split(b.String(), "\n") {
			if strings.TrimSpace(l) != "" {
				out = append(out, l)
			}
		}
		return strings.Join(out, "\n")
	}
	pick, sample := body("pick"), body("sample")
	if len(pick) < 2 || len(sample) < len(pick) {
		t.Fatalf("pick has %d statements, sample %d", len(pick), len(sample))
	}
	tail := sample[len(sample)-len(pick):]
	for k := range pick {
		if a, b := text(tail[k]), text(pick[k]); a != b {
			t.Errorf("sample's statement %d of pick's body differs:\n%s\npick's:\n%s", k, a, b)
		}
	}
}
