package main

import (
	"strings"
	"testing"
)

// TestDurationFlagsNameUnit: a duration flag given a bare number says to
// add the unit, as the config file's keys do (docs/serve.md: "`--reorder 30` is"
// refused likewise); flag.Duration said only "parse error".
func TestDurationFlagsNameUnit(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "--idle", "30"},
		{"serve", "--reorder", "30"},
		{"serve", "--forget-after", "600"},
		{"demo", "--duration", "40"},
		{"demo", "--linger", "15"},
	} {
		_, stderr, err := runCmd(t, args...)
		if err == nil || !strings.Contains(err.Error(), args[2]+" has no unit: write it with one, such as "+args[2]+"s") {
			t.Errorf("%v: %v\n%s", args, err, stderr)
		}
	}
	if _, _, err := runCmd(t, "serve", "--idle", "soon"); err == nil || !strings.Contains(err.Error(), "not a duration") {
		t.Errorf("--idle soon: %v", err)
	}
}
