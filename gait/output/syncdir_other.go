//go:build !windows

package output

import "os"

// syncDir flushes the open directory d (fsync).
func syncDir(d *os.File) error { return d.Sync() }
