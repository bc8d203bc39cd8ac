package main

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

// TestAnalyzeCoarseAndExcelTime: a simulated run exported as ActiLife
// does without milliseconds (Timestamp in whole seconds, 100 rows a
// second) and as OmGui does with Excel time (days since 1899-12-30) gives
// the plain CSV's contacts on the file's own clock. The first was timed
// from 0 by the preamble's rate (its Timestamp passed over as not
// increasing), the second read in seconds at 8.64 MHz and refused.
func TestAnalyzeCoarseAndExcelTime(t *testing.T) {
	text, _ := simCSV(t, runningCfg(23, 30))
	header, rows := robustTable(text)
	clean := analyzeFile(t, writeTemp(t, "clean.csv", text))
	acc := make([][]string, len(rows))
	for k, r := range rows {
		acc[k] = r[:4]
	}
	accOnly := analyzeFile(t, writeTemp(t, "acc.csv", robustJoin(header[:4], acc, ",", "\n")))
	ics := func(r robustResult) []float64 {
		out := make([]float64, len(r.events))
		for i, e := range r.events {
			out[i] = e.IC
		}
		return out
	}
	t0 := robustFloat(rows[0][0])
	at := func(base time.Time, k int) time.Time {
		return base.Add(time.Duration(math.Round((robustFloat(rows[k][0])-t0)*1e6)) * time.Microsecond)
	}

	t.Run("actigraph_whole_seconds", func(t *testing.T) {
		base := time.Date(2025, 3, 10, 10, 0, 0, 0, time.UTC)
		var b strings.Builder
		b.WriteString("------------ Data File Created By ActiGraph GT3X+ ActiLife v6.13.4 Firmware v1.9.2 date format dd/MM/yyyy at 100 Hz  Filter Normal -----------\r\n" +
			"Serial Number: MOS2E22180349\r\nStart Time 10:00:00\r\nStart Date 10/03/2025\r\nEpoch Period (hh:mm:ss) 00:00:00\r\n" +
			"--------------------------------------------------\r\nTimestamp,Accelerometer X,Accelerometer Y,Accelerometer Z\r\n")
		for k, r := range acc {
			b.WriteString(at(base, k).Format("02/01/2006 15:04:05") + "," + strings.Join(r[1:], ",") + "\r\n")
		}
		res := analyzeFile(t, writeTemp(t, "actigraph_s.csv", b.String()))
		sameRun(t, accOnly.sum, res.sum, 0)
		checkShiftedICs(t, res.events, ics(accOnly), float64(base.Unix())-t0, 0.002)
		if !strings.Contains(res.sum.Input, "time=Timestamp(s detected)") || res.sum.Gaps != 0 {
			t.Errorf("input %q, %d gaps", res.sum.Input, res.sum.Gaps)
		}
	})
	t.Run("omgui_excel_days", func(t *testing.T) {
		const day0 = 45579.0 // 2024-10-14
		var b strings.Builder
		for _, r := range rows {
			d := day0 + (robustFloat(r[0])-t0)/86400
			b.WriteString(fmt.Sprintf("%.10f", d) + "," + strings.Join(r[1:], ",") + "\n")
		}
		res := analyzeFile(t, writeTemp(t, "ax6_excel.csv", b.String()))
		sameRun(t, clean.sum, res.sum, 0)
		checkShiftedICs(t, res.events, ics(clean), (day0-25569)*86400-t0, 0.002)
		if !strings.Contains(res.sum.Input, "(day detected)") {
			t.Errorf("input %q", res.sum.Input)
		}
	})
}
