package sim

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/gaitd/gaitd/sensor"
)

// WriteCSV reads src to io.EOF and writes it as text in the layout of the
// reference recordings: a header row, then one sample per row. Columns
// are t (s, 6 decimals), the present accelerometer axes in g (5 decimals)
// — acc_v,acc_ap,acc_ml for FrameAnatomical, ax,ay,az for FrameSensor —
// and the present gyro axes in deg/s (4 decimals), gyr_v,gyr_ap,gyr_ml or
// gx,gy,gz. Any error
// other than io.EOF from src stops the copy and is returned.
func WriteCSV(w io.Writer, src sensor.Source) error {
	l := src.Layout()
	accNames := [3]string{"ax", "ay", "az"}
	if l.Frame == sensor.FrameAnatomical {
		accNames = [3]string{"acc_v", "acc_ap", "acc_ml"}
	}
	gyrNames := [3]string{"gx", "gy", "gz"}
	if l.Frame == sensor.FrameAnatomical {
		// the reader takes gx,gy,gz beside acc_v… as rates about the
		// sensor's own axes, read only when asked (OwnFrameRates)
		gyrNames = [3]string{"gyr_v", "gyr_ap", "gyr_ml"}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	buf := append(make([]byte, 0, 128), 't')
	for i, ok := range l.Acc {
		if ok {
			buf = append(append(buf, ','), accNames[i]...)
		}
	}
	for i, ok := range l.Gyr {
		if ok {
			buf = append(append(buf, ','), gyrNames[i]...)
		}
	}
	buf = append(buf, '\n')
	if _, err := bw.Write(buf); err != nil {
		return err
	}
	const deg = 180 / math.Pi
	var s sensor.Sample
	for {
		if err := src.Read(&s); err != nil {
			if err == io.EOF {
				break
			}
			return fmt.Errorf("sim: write csv: %w", err)
		}
		buf = strconv.AppendFloat(buf[:0], s.T, 'f', 6, 64)
		for i, ok := range l.Acc {
			if ok {
				buf = strconv.AppendFloat(append(buf, ','), s.Acc[i]/g0, 'f', 5, 64)
			}
		}
		for i, ok := range l.Gyr {
			if ok {
				buf = strconv.AppendFloat(append(buf, ','), s.Gyr[i]*deg, 'f', 4, 64)
			}
		}
		buf = append(buf, '\n')
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WriteTruthCSV writes contacts in the layout of the reference truth files:
// header ic_s,fc_s,side, then one contact per row (times in s, 6 decimals).
func WriteTruthCSV(w io.Writer, c []Contact) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("ic_s,fc_s,side\n")
	buf := make([]byte, 0, 64)
	for _, x := range c {
		buf = strconv.AppendFloat(buf[:0], x.IC, 'f', 6, 64)
		buf = strconv.AppendFloat(append(buf, ','), x.FC, 'f', 6, 64)
		buf = append(buf, ',', x.Side, '\n')
		bw.Write(buf)
	}
	return bw.Flush()
}
