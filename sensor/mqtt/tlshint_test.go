package mqtt

import (
	"crypto/tls"
	"strings"
	"testing"
	"time"
)

// A TLS connection the broker or the client refuses says what to change,
// not only the TLS error: a client certificate of a CA the broker does not
// accept is not even sent (Go's client sends only one the broker's
// CertificateRequest names the issuer of), so the broker answered
// "certificate required" to a client configured with one; the clinic's IT
// read that the certificate was missing.
func TestTLSFailureHints(t *testing.T) {
	p := newPKI(t)
	b := mustBroker(t, BrokerConfig{TLS: &tls.Config{Certificates: []tls.Certificate{p.server}, ClientAuth: tls.RequireAndVerifyClientCert,
		ClientCAs: p.pool, MinVersion: tls.VersionTLS12}})
	broker := "ssl://" + b.Addr()
	_, port, _ := strings.Cut(b.Addr(), ":")
	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"client certificate of another CA", Config{Broker: broker, CAFile: p.caFile, CertFile: p.otherCertFile, KeyFile: p.otherKeyFile},
			"the client certificate (CertFile) was not sent: the broker accepts client certificates of other CAs than its issuer"},
		{"no client certificate", Config{Broker: broker, CAFile: p.caFile},
			"the broker requires a client certificate: give CertFile and KeyFile"},
		{"broker's CA not trusted", Config{Broker: broker, CAFile: p.otherCAFile, CertFile: p.certFile, KeyFile: p.keyFile},
			"the broker's certificate is not signed by a CA of CAFile"},
		{"host not in the certificate", Config{Broker: "ssl://localhost:" + port, CAFile: p.caFile, CertFile: p.certFile, KeyFile: p.keyFile},
			"the broker's certificate does not name the host of the broker URL"},
	} {
		tc.cfg.ClientID = "gaitd-hint-" + strings.ReplaceAll(tc.name, " ", "-")
		_, logs := runSourceLog(t, tc.cfg, newCollector())
		waitFor(t, tc.name+": the failure logged", 10*time.Second, func() bool { return strings.Contains(logs.String(), "mqtt connect failed") })
		if l := logs.String(); !strings.Contains(l, tc.want) {
			t.Errorf("%s: no hint %q:\n%s", tc.name, tc.want, l)
		}
	}
}

// A URL whose scheme does not match the port's protocol: tcp:// to a TLS
// port said "EOF", ssl:// to a plain one a TLS record error.
func TestTLSSchemeMismatchHints(t *testing.T) {
	p := newPKI(t)
	tlsBroker := mustBroker(t, BrokerConfig{TLS: &tls.Config{Certificates: []tls.Certificate{p.server}, MinVersion: tls.VersionTLS12}})
	plain := mustBroker(t, BrokerConfig{})
	for _, tc := range []struct {
		name, broker, want string
	}{
		{"plain URL to a TLS port", "tcp://" + tlsBroker.Addr(), "a TLS port needs an ssl:// URL"},
		{"TLS URL to a plain port", "ssl://" + plain.Addr(), "if the port speaks plain MQTT, use a tcp:// URL"},
	} {
		cfg := Config{Broker: tc.broker, ClientID: "gaitd-scheme-" + strings.ReplaceAll(tc.name, " ", "-")}
		if strings.HasPrefix(tc.broker, "ssl") {
			cfg.CAFile = p.caFile
		}
		_, logs := runSourceLog(t, cfg, newCollector())
		waitFor(t, tc.name+": the failure logged", 10*time.Second, func() bool { return strings.Contains(logs.String(), "mqtt connect failed") })
		if l := logs.String(); !strings.Contains(l, tc.want) {
			t.Errorf("%s: no hint %q:\n%s", tc.name, tc.want, l)
		}
	}
}
