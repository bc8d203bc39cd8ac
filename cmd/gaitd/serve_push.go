package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/gaitd/gaitd/gait/runs"
	"github.com/gaitd/gaitd/sensor/mqtt"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// pushHandler takes a message POSTed to /api/push/{device} (--http-push)
// into the device's pipeline, the one its MQTT messages would take:
// Sensor Logger's HTTP push, or any payload format serve reads over MQTT,
// detected per message. The reply says whether the message was taken —
// 200 — or why not: 400 (a device name serve cannot use, a body not
// read), 409 (a serial device's or phone's name), 413 (larger than a message may
// be, 1 MiB), 415 (a compressed body), 503 with Retry-After (the queues
// are full, the device limit is reached, serve is starting or stopping).
// A Sensor Logger message's refusal is a 499 instead, whatever the
// reason: the one status whose text the app shows its user.
// A message that does not decode is taken and then counted and logged as
// the device's decode error, as over MQTT: it is decoded after the reply,
// in order with the device's other messages. Every reply is counted by its
// status in gaitd_http_push_requests_total, registered on reg.
func (o *mqttOptions) pushHandler(reg prometheus.Registerer) http.Handler {
	pushes := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "gaitd_http_push_requests_total",
		Help: "Messages POSTed to /api/push/<device> (--http-push) by reply status: 200 taken; 503 (499 to Sensor Logger) refused for now, the sender may send it again (queues full, device limit, starting or stopping); 400, 409, 413, 415 refused for good.",
	}, []string{"code"})
	reg.MustRegister(pushes)
	for _, code := range []string{"200", "503"} {
		pushes.WithLabelValues(code) // (exported from 0, for rate())
	}
	return promhttp.InstrumentHandlerCounter(pushes, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		device := r.PathValue("device")
		// (one byte over the limit is enough for Deliver to refuse it,
		// and count it as the device's decode error)
		body, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, mqtt.DefaultMaxMessage+1))
		// Sensor Logger shows its user the text of a 499 reply, and of no
		// other (protocols.md §4): its messages' refusals are 499s, so
		// the runner reads why on the phone
		app := sensorLoggerMessage(body) && r.Header.Get("Content-Encoding") == ""
		refuse := func(code int, format string, args ...any) {
			switch {
			case app:
				code = statusSensorLogger
			case code == http.StatusServiceUnavailable:
				w.Header().Set("Retry-After", "1")
			}
			http.Error(w, "gaitd: "+fmt.Sprintf(format, args...), code)
		}
		if !runs.ValidDevice(device) {
			if o.unrouted != nil {
				o.unrouted(1)
			}
			refuse(http.StatusBadRequest, "device name %q: want 1–64 letters, digits, '.', '-' or '_'", device)
			return
		}
		if src, ok := o.ownedNames[device]; ok {
			if o.unrouted != nil {
				o.unrouted(1) // (as such a message over MQTT is)
			}
			refuse(http.StatusConflict, "device %q is the source %s: push under another name", device, src)
			return
		}
		if enc := r.Header.Get("Content-Encoding"); enc != "" && enc != "identity" {
			refuse(http.StatusUnsupportedMediaType, "Content-Encoding %q: send the message uncompressed", enc)
			return
		}
		var tooLarge *http.MaxBytesError
		if readErr != nil && !errors.As(readErr, &tooLarge) {
			refuse(http.StatusBadRequest, "reading the message: %v", readErr)
			return
		}
		// (the topic the logs name it by: the device's URL, where a
		// refusal said topic=http and no device)
		err := o.src.Deliver(device, r.URL.Path, body)
		switch {
		case err == nil:
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			io.WriteString(w, "ok\n")
		case len(body) > mqtt.DefaultMaxMessage || errors.Is(err, mqtt.ErrTooLarge):
			// (also when the device or its queue refused it: a 503
			// asks for the message again, which is never taken)
			refuse(http.StatusRequestEntityTooLarge, "message over %d bytes: send smaller batches", mqtt.DefaultMaxMessage)
		default:
			refuse(http.StatusServiceUnavailable, "device %q: %s", device, strings.TrimPrefix(err.Error(), "mqtt: "))
		}
	}))
}

// statusSensorLogger is the status whose text Sensor Logger shows its user.
const statusSensorLogger = 499

// sensorLoggerMessage reports whether body looks like a Sensor Logger
// push: a JSON object with "messageId" and "payload".
func sensorLoggerMessage(body []byte) bool {
	b := bytes.TrimLeft(body, " \t\r\n")
	return len(b) > 0 && b[0] == '{' && bytes.Contains(b, []byte(`"messageId"`)) && bytes.Contains(b, []byte(`"payload"`))
}
