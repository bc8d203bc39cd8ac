package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func gzBytes(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.Bytes()
}

// TestResolveExportGzip: an export whose files are gzip-compressed
// (Gyroscope.csv.gz …), as a compressed member counts as a recording, is
// read as the plain one: a gyroscope file of samples is joined and one of
// its header alone left out, decided on its decompressed lines (they were
// counted in the compressed bytes: a gyroscope of samples was left out as
// empty when those held one '\n' or none); Gravity.csv.gz is joined to
// Accelerometer.csv.gz (its name was matched with ".gz"), and
// Metadata.csv.gz read.
func TestResolveExportGzip(t *testing.T) {
	var samples strings.Builder
	samples.WriteString("time,seconds_elapsed,z,y,x\n")
	for i := range 3 {
		fmt.Fprintf(&samples, "%d,%.2f,0.01,0.02,0.03\n", int64(1700000000000000000)+int64(i)*10000000, float64(i)/100)
	}
	for _, tc := range []struct {
		gyro   string
		noGyro bool
	}{{samples.String(), false}, {"time,seconds_elapsed,z,y,x\n", true}} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "TotalAcceleration.csv"), []byte("time,seconds_elapsed,z,y,x\n1,0,1,2,3\n"), 0o644)
		os.WriteFile(filepath.Join(dir, "Gyroscope.csv.gz"), gzBytes(t, tc.gyro), 0o644)
		files, ok, err := resolveExport(dir)
		if !ok || err != nil {
			t.Fatal(ok, err)
		}
		if gotNo := files.noGyro != ""; gotNo != tc.noGyro || gotNo == (files.gyro != "") {
			t.Errorf("gyroscope %q: gyro %q, noGyro %q; want left out %v", tc.gyro, files.gyro, files.noGyro, tc.noGyro)
		}
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "Accelerometer.csv.gz"), gzBytes(t, samples.String()), 0o644)
	os.WriteFile(filepath.Join(dir, "Gravity.csv.gz"), gzBytes(t, samples.String()), 0o644)
	os.WriteFile(filepath.Join(dir, "Metadata.csv.gz"), gzBytes(t, "platform,standardisation\nios,false\n"), 0o644)
	files, ok, err := resolveExport(dir)
	if !ok || err != nil {
		t.Fatal(ok, err)
	}
	if files.gravity != filepath.Join(dir, "Gravity.csv.gz") || !strings.Contains(files.mirrored, "Standardise") {
		t.Errorf("gravity %q, mirrored %q; want Gravity.csv.gz, iOS unstandardised", files.gravity, files.mirrored)
	}
}

// TestResolveExportSubfolderDSStore: a folder that holds the export's
// folder and hidden files alone (macOS's .DS_Store, written by Finder
// into a folder it shows) is read as that subfolder, as one without
// them is: the hidden file counted as a file, and the folder was refused
// as without an accelerometer file.
func TestResolveExportSubfolderDSStore(t *testing.T) {
	outer := t.TempDir()
	inner := filepath.Join(outer, "Run-1")
	if err := os.Mkdir(inner, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(outer, ".DS_Store"), []byte("\x00\x00\x00\x01Bud1"), 0o644)
	os.WriteFile(filepath.Join(inner, "TotalAcceleration.csv"), []byte("time,seconds_elapsed,z,y,x\n1,0,1,2,3\n"), 0o644)
	files, ok, err := resolveExport(outer)
	if !ok || err != nil || files.rec != filepath.Join(inner, "TotalAcceleration.csv") {
		t.Errorf("rec %q, ok %v, err %v; want %s", files.rec, ok, err, filepath.Join(inner, "TotalAcceleration.csv"))
	}
}

// TestResolveExportWatchGyroscopeAlone: an export of a phone's
// accelerometer whose only gyroscope file is an Apple Watch's
// (WatchGyroscope.csv: the phone's gyroscope off) reads the phone's
// acceleration without a gyroscope, the watch's file said to be left;
// the watch's rates were joined to the phone's acceleration as its own.
func TestResolveExportWatchGyroscopeAlone(t *testing.T) {
	const data = "time,seconds_elapsed,z,y,x\n1700000000000000000,0,1,2,3\n1700000000010000000,0.01,1,2,3\n"
	for _, phone := range []string{"TotalAcceleration.csv", "Accelerometer.csv"} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, phone), []byte(data), 0o644)
		os.WriteFile(filepath.Join(dir, "WatchAccelerometer.csv"), []byte(data), 0o644)
		os.WriteFile(filepath.Join(dir, "WatchGyroscope.csv"), []byte(data), 0o644)
		files, ok, err := resolveExport(dir)
		if !ok || err != nil {
			t.Fatal(ok, err)
		}
		if files.rec != filepath.Join(dir, phone) || files.gyro != "" || !slices.Contains(files.left, "WatchGyroscope.csv") {
			t.Errorf("%s: rec %q, gyro %q, left %v; want the phone's, none, WatchGyroscope.csv left", phone, files.rec, files.gyro, files.left)
		}
		// (the watch's accelerometer is said to be left beside the
		// phone's total acceleration too, once)
		if !slices.Equal(files.left, []string{"WatchAccelerometer.csv", "WatchGyroscope.csv"}) {
			t.Errorf("%s: left %v, want WatchAccelerometer.csv, WatchGyroscope.csv", phone, files.left)
		}
	}
}

// TestResolveExportWatchRecording: an export whose only accelerometer is
// an Apple Watch's (WatchAccelerometer.csv) joins the watch's own
// gyroscope and gravity (WatchGyroscope.csv, WatchGravity.csv), never the
// phone's beside them, which are said to be left; the export's
// Metadata.csv is still read. The phone's Gyroscope.csv and Gravity.csv
// were joined to the watch's acceleration and called "the phone's", the
// watch's gyroscope left (a review).
func TestResolveExportWatchRecording(t *testing.T) {
	const data = "time,seconds_elapsed,z,y,x\n1700000000000000000,0,1,2,3\n1700000000010000000,0.01,1,2,3\n"
	dir := t.TempDir()
	for _, f := range []string{"WatchAccelerometer.csv", "Gyroscope.csv", "WatchGyroscope.csv", "Gravity.csv", "WatchGravity.csv"} {
		os.WriteFile(filepath.Join(dir, f), []byte(data), 0o644)
	}
	os.WriteFile(filepath.Join(dir, "Metadata.csv"), []byte("version,device name,recording time,platform,appVersion,standardisation\n3,Watch,2026-11-24,ios,1.40,false\n"), 0o644)
	files, ok, err := resolveExport(dir)
	if !ok || err != nil {
		t.Fatal(ok, err)
	}
	if files.rec != filepath.Join(dir, "WatchAccelerometer.csv") || files.gyro != filepath.Join(dir, "WatchGyroscope.csv") ||
		files.gravity != filepath.Join(dir, "WatchGravity.csv") || !files.watch || files.mirrored == "" {
		t.Errorf("rec %q, gyro %q, gravity %q, watch %v, mirrored %q; want the watch's files, the metadata read", files.rec, files.gyro, files.gravity, files.watch, files.mirrored)
	}
	if !slices.Equal(files.left, []string{"Gravity.csv", "Gyroscope.csv"}) {
		t.Errorf("left %v, want the phone's Gravity.csv, Gyroscope.csv", files.left)
	}
	// without the watch's gyroscope and gravity: none joined
	os.Remove(filepath.Join(dir, "WatchGyroscope.csv"))
	os.Remove(filepath.Join(dir, "WatchGravity.csv"))
	if files, _, err = resolveExport(dir); err != nil || files.gyro != "" || files.gravity != "" {
		t.Errorf("without the watch's: gyro %q, gravity %q (%v)", files.gyro, files.gravity, err)
	}
}
