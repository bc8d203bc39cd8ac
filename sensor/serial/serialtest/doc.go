// Package serialtest opens pseudo-terminal pairs for tests that drive real
// serial ports. Where there are none (Windows), PTY skips the test.
package serialtest
