package mqtt

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// FuzzRedactURL: a broker URL's password never shows in Validate's
// errors, and RedactURL agrees with net/url (which paho and Validate parse
// the URL with): a URL that parses with a password parses, redacted, as
// the same URL with the password "xxxxx".
func FuzzRedactURL(f *testing.F) {
	for _, s := range [][4]string{
		{"tcp", "user", "secret", "localhost:1883"},
		{"tcp", "user", "s3cr@t", "localhost:1883/x?y#z"},
		{"ssl", "", "secret", "[::1]:8883"},
		{"tcp", "us:er", "secret", "host"},
		{"ftp", "user", "secret", "host"},
		{"tcp", "user", "secret", ""},
		{"tcp", "user", "secret", "host:port"},
		{"tcp", "user", "secret", "host%zz"},
		{"tcp", "user", "sec ret", "host/path"},
		{"", "user", "secret", "host"},
	} {
		f.Add(s[0], s[1], s[2], s[3])
	}
	f.Fuzz(func(t *testing.T, scheme, user, pw, rest string) {
		raw := scheme + "://" + user + ":" + pw + "@" + rest
		if u, err := url.Parse(raw); err == nil {
			if p, ok := u.User.Password(); ok {
				r, err := url.Parse(RedactURL(raw))
				if err != nil {
					t.Fatalf("RedactURL(%q) = %q: does not parse: %v", raw, RedactURL(raw), err)
				}
				if rp, _ := r.User.Password(); rp != "xxxxx" || r.User.Username() != u.User.Username() || r.Host != u.Host || r.Path != u.Path || r.RawQuery != u.RawQuery || r.Fragment != u.Fragment {
					t.Errorf("RedactURL(%q) = %q: password %q, want the URL with %q as password", raw, RedactURL(raw), p, "xxxxx")
				}
			}
		}
		// user and password as RFC 3986 allows them (no '/', '?', '#'), a
		// password the rest of the URL, quoted or not, does not hold anyway
		quoted := strconv.Quote(pw)
		quoted = quoted[1 : len(quoted)-1]
		if len(pw) < 4 || strings.ContainsAny(user+pw, "/?#") || strings.Contains("xxxxx", pw) {
			return
		}
		for _, s := range []string{scheme + "://" + user + ":", "@" + rest} {
			if q := strconv.Quote(s); strings.Contains(s, pw) || strings.Contains(q, pw) || strings.Contains(q, quoted) {
				return
			}
		}
		for _, c := range []Config{{Broker: raw, Topics: []string{"gait/#"}}, {Broker: raw, ClientID: strings.Repeat("x", 70000)}} {
			err := c.Validate()
			if err == nil {
				continue
			}
			if e := err.Error(); strings.Contains(e, pw) || strings.Contains(e, quoted) || strings.Contains(e, url.QueryEscape(pw)) || strings.Contains(e, url.PathEscape(pw)) {
				t.Errorf("Validate(%q): error shows the password %q: %v", raw, pw, err)
			}
		}
	})
}
