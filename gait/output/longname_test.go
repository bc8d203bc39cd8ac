package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestCreateAtomicLongName: a file name the file system takes (up to 255
// bytes) is written, though its temporary file's name adds a dot, ".tmp"
// and a number to it: a 250-byte events file name was refused "file name
// too long", a name touch made without a word.
func TestCreateAtomicLongName(t *testing.T) {
	dir := t.TempDir()
	for _, base := range []string{
		strings.Repeat("e", 251) + ".csv",                  // 255 bytes
		strings.Repeat("é", 120) + "-run.json",             // 249 bytes, two to a rune
		strings.Repeat("x", 199) + strings.Repeat("ü", 25), // 249 bytes: a cut at 200 falls inside a rune
	} {
		name := filepath.Join(dir, base)
		if f, err := os.Create(name); err != nil {
			t.Skipf("the file system refuses a %d-byte name: %v", len(base), err)
		} else {
			f.Close()
			os.Remove(name)
		}
		a, err := CreateAtomic(name)
		if err != nil {
			t.Fatalf("%d bytes: %v", len(base), err)
		}
		if tmp := filepath.Base(a.File.Name()); len(tmp) > 255 || !strings.HasPrefix(tmp, ".") || !utf8.ValidString(tmp) {
			t.Errorf("temporary file %q (%d bytes)", tmp, len(tmp))
		}
		a.WriteString("ic_s\n")
		if err := a.Commit(); err != nil {
			t.Fatal(err)
		}
		if b, err := os.ReadFile(name); err != nil || string(b) != "ic_s\n" {
			t.Errorf("%d bytes: %q, %v", len(base), b, err)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 3 {
		t.Errorf("%d files left, want the 3 written", len(ents))
	}
}
