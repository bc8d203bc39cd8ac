package main

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzResolveExport: a zip archive a user hands over (an app's export)
// with any member names never panics resolveExport; an error names the
// archive; and every file it picks (the recording, gravity, gyroscope, the
// gyroscope left out) is named ARCHIVE#MEMBER, opens as analyze opens it,
// and reads as that member — not another of the same file name.
// Member names are the lines of names (at most 12); each member holds its
// index, and a member named Metadata.csv holds meta.
func FuzzResolveExport(f *testing.F) {
	for _, s := range []string{
		"TotalAcceleration.csv\nGyroscope.csv\nMetadata.csv",
		"Accelerometer.csv\nGravity.csv\nGyroscope.csv\nMetadata.csv\nWatchAccelerometer.csv",
		"a/Accelerometer.csv\nb/Accelerometer.csv",
		"rec/run.csv\n__MACOSX/rec/._run.csv",
		"x/Accelerometer.csv\nAccelerometer.csv",
		"Raw Data.csv\nmeta/device.csv\nmeta/time.csv",
		"WatchAccelerometer.csv\nGyroscope.csv\nWatchGyroscope.csv",
		"[Content_Types].xml\nxl/workbook.xml",
		"dir/\ndir/TotalAcceleration.csv.gz\n.hidden.csv",
		"a#b.csv\nGyroscope.csv",
	} {
		f.Add(s, []byte("platform,standardisation\nios,false\n"))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, names string, meta []byte) {
		members := strings.Split(names, "\n")
		if len(members) > 12 || len(meta) > 4096 {
			return
		}
		p := filepath.Join(dir, "export.zip")
		zf, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		zw := zip.NewWriter(zf)
		content := map[string]string{} // the first member of each name
		for i, m := range members {
			w, err := zw.Create(m)
			if err != nil {
				t.Fatal(err)
			}
			body := fmt.Sprintf("member %d\nline 2\n", i)
			if strings.EqualFold(filepath.Base(m), "metadata.csv") {
				body = string(meta)
			}
			if !strings.HasSuffix(m, "/") {
				w.Write([]byte(body))
				if _, ok := content[m]; !ok {
					content[m] = body
				}
			}
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		zf.Close()
		files, ok, err := resolveExport(p)
		if !ok {
			t.Fatalf("resolveExport(%q): not an export", p)
		}
		if err != nil {
			if !strings.HasPrefix(err.Error(), p+": ") {
				t.Fatalf("error does not name the archive: %v", err)
			}
			return
		}
		if files.rec == "" {
			t.Fatalf("no recording, no error: %+v", files)
		}
		for _, name := range []string{files.rec, files.gravity, files.gyro, files.noGyro} {
			if name == "" {
				continue
			}
			m, found := strings.CutPrefix(name, p+zipSep)
			if !found {
				t.Fatalf("picked %q: not a member of %s", name, p)
			}
			r, closer, err := openZipMember(context.Background(), name)
			if err != nil {
				t.Fatalf("picked %q, which does not open: %v", name, err)
			}
			b, err := io.ReadAll(r)
			closer()
			if err != nil {
				t.Fatal(err)
			}
			if want, ok := content[m]; !ok || string(b) != want {
				t.Fatalf("picked %q, which reads %q, not member %q's %q", name, b, m, want)
			}
		}
	})
}
