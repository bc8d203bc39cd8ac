//go:build !unix

package main

import (
	"runtime"
	"testing"
)

// mkfifo would make a named pipe at path; there are none here (Windows'
// are not files in a folder), so the test is skipped.
func mkfifo(t *testing.T, path string) {
	t.Helper()
	t.Skip("no named pipes on", runtime.GOOS)
}
