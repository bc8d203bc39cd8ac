package mqtt

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"
)

// pki is a throw-away CA with a server certificate for 127.0.0.1 and a
// client certificate, written as PEM files.
type pki struct {
	dir                         string
	caFile, certFile, keyFile   string // client side
	server                      tls.Certificate
	pool                        *x509.CertPool
	otherCAFile                 string // a CA that signed nothing here
	otherCertFile, otherKeyFile string // a client certificate of that CA
}

func newPKI(t *testing.T) *pki {
	t.Helper()
	p := &pki{dir: t.TempDir(), pool: x509.NewCertPool()}
	writePEM := func(name, typ string, der []byte) string {
		path := filepath.Join(p.dir, name)
		if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	serial := int64(1)
	issue := func(tmpl *x509.Certificate, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*x509.Certificate, *ecdsa.PrivateKey, []byte) {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		serial++
		tmpl.SerialNumber = big.NewInt(serial)
		tmpl.NotBefore, tmpl.NotAfter = time.Now().Add(-time.Hour), time.Now().Add(time.Hour)
		if parent == nil {
			parent, parentKey = tmpl, key
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
		if err != nil {
			t.Fatal(err)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		return c, key, der
	}
	keyPEM := func(name string, k *ecdsa.PrivateKey) string {
		der, err := x509.MarshalECPrivateKey(k)
		if err != nil {
			t.Fatal(err)
		}
		return writePEM(name, "EC PRIVATE KEY", der)
	}
	caTmpl := &x509.Certificate{Subject: pkix.Name{CommonName: "gaitd test CA"}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}
	ca, caKey, caDER := issue(caTmpl, nil, nil)
	p.caFile = writePEM("ca.pem", "CERTIFICATE", caDER)
	p.pool.AddCert(ca)

	_, sKey, sDER := issue(&x509.Certificate{Subject: pkix.Name{CommonName: "broker"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, KeyUsage: x509.KeyUsageDigitalSignature}, ca, caKey)
	p.server = tls.Certificate{Certificate: [][]byte{sDER}, PrivateKey: sKey}

	_, cKey, cDER := issue(&x509.Certificate{Subject: pkix.Name{CommonName: "gaitd"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, KeyUsage: x509.KeyUsageDigitalSignature}, ca, caKey)
	p.certFile, p.keyFile = writePEM("client.pem", "CERTIFICATE", cDER), keyPEM("client.key", cKey)

	other, otherKey, otherDER := issue(&x509.Certificate{Subject: pkix.Name{CommonName: "other CA"}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}, nil, nil)
	p.otherCAFile = writePEM("other-ca.pem", "CERTIFICATE", otherDER)
	_, oKey, oDER := issue(&x509.Certificate{Subject: pkix.Name{CommonName: "intruder"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, KeyUsage: x509.KeyUsageDigitalSignature}, other, otherKey)
	p.otherCertFile, p.otherKeyFile = writePEM("other.pem", "CERTIFICATE", oDER), keyPEM("other.key", oKey)
	return p
}

// A broker that requires client certificates (mutual TLS): the Source
// with the CA and its certificate receives; one trusting another CA, and
// one with a certificate from another CA, stay unconnected with the
// reason in Stats.
func TestTLS(t *testing.T) {
	p := newPKI(t)
	b := mustBroker(t, BrokerConfig{TLS: &tls.Config{Certificates: []tls.Certificate{p.server}, ClientAuth: tls.RequireAndVerifyClientCert,
		ClientCAs: p.pool, MinVersion: tls.VersionTLS12}})
	broker := "ssl://" + b.Addr()

	col := newCollector()
	src, _ := runSource(t, Config{Broker: broker, ClientID: "gaitd-tls", CAFile: p.caFile, CertFile: p.certFile, KeyFile: p.keyFile}, col, nil)
	waitSubscribed(t, src)
	pub := mustPublisher(t, broker, "pub-tls", func(o *paho.ClientOptions) {
		cert, err := tls.LoadX509KeyPair(p.certFile, p.keyFile)
		if err != nil {
			t.Fatal(err)
		}
		o.SetTLSConfig(&tls.Config{RootCAs: p.pool, Certificates: []tls.Certificate{cert}})
	})
	for i := range 5 {
		publish(t, pub, "gait/secure/imu", 1, gaitdBatch("", i, 10, int64(1_700_000_000_000_000_000)+int64(i)*100_000_000))
	}
	waitFor(t, "samples over TLS", 5*time.Second, func() bool { return col.count("secure") == 50 })

	for _, tc := range []struct {
		name string
		cfg  Config
		want string // in Stats().LastError
	}{
		{"wrong CA", Config{Broker: broker, ClientID: "gaitd-tls-2", CAFile: p.otherCAFile, CertFile: p.certFile, KeyFile: p.keyFile}, "certificate"},
		{"client certificate of another CA", Config{Broker: broker, ClientID: "gaitd-tls-3", CAFile: p.caFile, CertFile: p.otherCertFile, KeyFile: p.otherKeyFile}, ""},
	} {
		s, stop := runSource(t, tc.cfg, newCollector(), nil)
		waitFor(t, tc.name+": an error", 10*time.Second, func() bool { return s.Stats().LastError != "" })
		st := s.Stats()
		if st.Connected || st.Subscribed || !strings.Contains(st.LastError, tc.want) {
			t.Errorf("%s: %+v", tc.name, st)
		}
		stop()
	}
}

// TestTLSInternalClient: with mutual TLS on the outside listener, the
// in-process client (no certificate) still gets in, on the loopback
// listener with its credential, and receives what a certified publisher
// sends over TLS. (gaitd serve's own client could not connect at all: it
// dialled the TLS listener, whose certificate names another host and which
// wants a client certificate.)
func TestTLSInternalClient(t *testing.T) {
	p := newPKI(t)
	b := mustBroker(t, BrokerConfig{Users: map[string]string{"phone": "pw"}, TLS: &tls.Config{Certificates: []tls.Certificate{p.server},
		ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: p.pool, MinVersion: tls.VersionTLS12}})
	u, pw := b.InternalCredential()
	col := newCollector()
	src, _ := runSource(t, Config{Broker: "tcp://" + b.InternalAddr(), ClientID: b.InternalClientID(), Username: u, Password: pw}, col, nil)
	waitSubscribed(t, src)
	pub := mustPublisher(t, "ssl://"+b.Addr(), "pub-tls", func(o *paho.ClientOptions) {
		cert, err := tls.LoadX509KeyPair(p.certFile, p.keyFile)
		if err != nil {
			t.Fatal(err)
		}
		o.SetTLSConfig(&tls.Config{RootCAs: p.pool, Certificates: []tls.Certificate{cert}}).SetUsername("phone").SetPassword("pw")
	})
	publish(t, pub, "gait/secure/imu", 1, gaitdBatch("", 0, 10, 1_700_000_000_000_000_000))
	waitFor(t, "samples through the loopback listener", 5*time.Second, func() bool { return col.count("secure") == 10 })
}

func TestTLSConfigErrors(t *testing.T) {
	p := newPKI(t)
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{Broker: "ssl://127.0.0.1:1", CAFile: filepath.Join(p.dir, "missing.pem")}, "CAFile"},
		{Config{Broker: "ssl://127.0.0.1:1", CAFile: p.keyFile}, "CAFile"},
		{Config{Broker: "ssl://127.0.0.1:1", CertFile: p.certFile}, "KeyFile"},
	} {
		if _, err := New(tc.cfg, nil); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want an error naming %s", tc.cfg, err, tc.want)
		}
	}
}

// TestWebSocketTLS serves MQTT over WebSocket with TLS (wss): the source
// subscribes and a phone-like client publishes over wss://; a plain ws://
// client does not get in.
func TestWebSocketTLS(t *testing.T) {
	p := newPKI(t)
	tc := &tls.Config{Certificates: []tls.Certificate{p.server}, MinVersion: tls.VersionTLS12}
	b := mustBroker(t, BrokerConfig{WebSocket: "127.0.0.1:0", TLS: tc, WebSocketTLS: true})
	wss := "wss://" + b.WebSocketAddr() + "/mqtt"

	col := newCollector()
	src, _ := runSource(t, Config{Broker: wss, ClientID: "gaitd-wss", CAFile: p.caFile}, col, nil)
	waitSubscribed(t, src)
	pub := mustPublisher(t, wss, "phone-wss", func(o *paho.ClientOptions) {
		o.SetTLSConfig(&tls.Config{RootCAs: p.pool})
	})
	for i := range 5 {
		publish(t, pub, "gait/phone/imu", 1, gaitdBatch("", i, 10, int64(1_700_000_000_000_000_000)+int64(i)*100_000_000))
	}
	waitFor(t, "samples over wss", 5*time.Second, func() bool { return col.count("phone") == 50 })

	plain := paho.NewClient(paho.NewClientOptions().AddBroker("ws://" + b.WebSocketAddr() + "/mqtt").
		SetClientID("phone-plain").SetConnectTimeout(2 * time.Second).SetAutoReconnect(false))
	if tok := plain.Connect(); tok.WaitTimeout(5*time.Second) && tok.Error() == nil {
		plain.Disconnect(0)
		t.Error("a plain ws:// client connected to the wss listener")
	}

	for _, cfg := range []BrokerConfig{
		{TCP: "127.0.0.1:0", WebSocket: "127.0.0.1:0", WebSocketTLS: true},
		{TCP: "127.0.0.1:0", TLS: tc, WebSocketTLS: true},
	} {
		if b, err := StartBroker(cfg, nil); err == nil || !strings.Contains(err.Error(), "WebSocketTLS needs TLS and a WebSocket address") {
			if b != nil {
				b.Close()
			}
			t.Errorf("%+v: %v", cfg, err)
		}
	}
}

// TestTLSFilesNeedTLSURL: TLS files with a plain-text broker URL (tcp://,
// mqtt://, ws://) are refused, naming the file's field. paho uses its TLS
// configuration only for ssl://, tls://, mqtts:// and wss://: the source
// connected in plain text to a broker that took it, its CA and client
// certificate silently unused (deploy/gaitd.yaml's external broker, all
// its lines uncommented, was such a config).
func TestTLSFilesNeedTLSURL(t *testing.T) {
	p := newPKI(t)
	b := mustBroker(t, BrokerConfig{}) // plain text, anyone
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{Broker: "tcp://" + b.Addr(), CAFile: p.caFile}, "CAFile"},
		{Config{Broker: "mqtt://" + b.Addr(), CAFile: p.caFile, CertFile: p.certFile, KeyFile: p.keyFile}, "CAFile"},
		{Config{Broker: "tcp://" + b.Addr(), CertFile: p.certFile, KeyFile: p.keyFile}, "CertFile"},
		{Config{Broker: "ws://127.0.0.1:1/mqtt", CAFile: p.caFile}, "CAFile"},
	} {
		tc.cfg.ClientID = "gaitd-plain"
		s, err := New(tc.cfg, nil)
		if err == nil {
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { s.Run(ctx, nil, nil); close(done) }()
			time.Sleep(500 * time.Millisecond)
			t.Errorf("%s with %s: accepted (connected in plain text: %v)", tc.cfg.Broker, tc.want, s.Stats().Connected)
			cancel()
			<-done
			continue
		}
		if !strings.Contains(err.Error(), "mqtt: "+tc.want+": ") || !strings.Contains(err.Error(), "ssl://") {
			t.Errorf("%s: %v, want an error naming %s and saying to use ssl://", tc.cfg.Broker, err, tc.want)
		}
	}
	// the TLS schemes take them
	for _, u := range []string{"ssl://h:8883", "tls://h:8883", "mqtts://h:8883", "wss://h:8884/mqtt"} {
		if err := (Config{Broker: u, CAFile: p.caFile, CertFile: p.certFile, KeyFile: p.keyFile}).Validate(); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
}
