//go:build !unix

package main

// lockDataDir is a no-op where flock is not available: one daemon per
// data directory is then the user's to keep (see lock_unix.go).
func lockDataDir(dir string) (release func(), err error) { return func() {}, nil }
