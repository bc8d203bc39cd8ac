//go:build !race

package gait_test

const raceEnabled = false
