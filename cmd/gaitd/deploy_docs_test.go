package main

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestDeployDocs: the prose of deploy/ says what the files do. Every
// gaitd_ name in any file of deploy/ (README.md, the configs' comments, the
// unit's, the Containerfile's) is a metric serve exports; deploy/README's
// table of alerts lists the rules of alerts.yml, each with its severity;
// the images it names are the ones compose.yaml and the Containerfile use;
// the files its commands and the files' comments name (-f deploy/…,
// deploy/… in install steps) exist; the --flags they name are gaitd's.
func TestDeployDocs(t *testing.T) {
	mf := deployFamilies(t)
	var texts = map[string]string{}
	err := filepath.WalkDir(deployDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(deployDir, p)
		texts[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range texts {
		// ("gaitd_…", the prefix, is no name)
		metricsIn(t, name, strings.ReplaceAll(text, "gaitd_…", "gaitd…"), mf)
		for _, m := range regexp.MustCompile(`\bdeploy/([A-Za-z0-9_./-]+[A-Za-z0-9_])`).FindAllStringSubmatch(text, -1) {
			if _, err := os.Stat(filepath.Join(deployDir, m[1])); err != nil {
				t.Errorf("%s names deploy/%s: %v", name, m[1], err)
			}
		}
	}

	// the gaitd flags named (--x): flags of serve or demo; the others are
	// those of the tools the files run (docker, useradd, systemctl,
	// systemd-analyze)
	known := map[string]bool{}
	for _, cmd := range []string{"serve", "demo"} {
		var stdout, stderr strings.Builder
		run(context.Background(), []string{cmd, "-h"}, &stdout, &stderr)
		for _, m := range regexp.MustCompile(`(?m)^\s+-([a-z][a-z0-9-]+)`).FindAllStringSubmatch(stderr.String()+stdout.String(), -1) {
			known[m[1]] = true
		}
	}
	if !known["broker-users"] || !known["linger"] {
		t.Fatalf("serve's and demo's flags not read from their -h: %v", known)
	}
	for _, f := range []string{"build", "from", "gid", "groups", "home-dir", "no-create-home", "now", "offline", "shell", "system", "threshold", "uid"} {
		known[f] = true
	}
	for name, text := range texts {
		for _, m := range regexp.MustCompile(`(?:^|[^A-Za-z0-9-])--([a-z][a-z0-9-]+)`).FindAllStringSubmatch(text, -1) {
			if !known[m[1]] {
				t.Errorf("%s names --%s, a flag of neither gaitd serve nor gaitd demo", name, m[1])
			}
		}
	}

	// the table of alerts
	readme := texts["README.md"]
	var file struct {
		Groups []struct {
			Rules []struct {
				Alert  string            `yaml:"alert"`
				Labels map[string]string `yaml:"labels"`
			} `yaml:"rules"`
		} `yaml:"groups"`
	}
	if err := yaml.Unmarshal([]byte(texts["alerts.yml"]), &file); err != nil {
		t.Fatal(err)
	}
	rules := map[string]string{}
	for _, g := range file.Groups {
		for _, r := range g.Rules {
			rules[r.Alert] = r.Labels["severity"]
		}
	}
	table := map[string]string{}
	for _, m := range regexp.MustCompile("(?m)^\\s*\\| `(Gaitd[A-Za-z]+)` \\|.*\\| (\\w+) \\|$").FindAllStringSubmatch(readme, -1) {
		table[m[1]] = m[2]
	}
	for a, sev := range rules {
		if got, ok := table[a]; !ok || got != sev {
			t.Errorf("README.md: the table of alerts gives %s severity %q, alerts.yml %q", a, got, sev)
		}
	}
	for a := range table {
		if _, ok := rules[a]; !ok {
			t.Errorf("README.md: the table of alerts lists %s, which alerts.yml has not", a)
		}
	}

	// the images
	var images []string
	for _, m := range regexp.MustCompile(`(?m)^\s*image: (\S+/\S+:\S+)$`).FindAllStringSubmatch(texts["compose.yaml"], -1) {
		images = append(images, m[1])
	}
	for _, m := range regexp.MustCompile(`(?m)^FROM (\S+)`).FindAllStringSubmatch(texts["Containerfile"], -1) {
		images = append(images, m[1])
	}
	if len(images) < 4 {
		t.Errorf("images %q: want prometheus, grafana and the Containerfile's two", images)
	}
	for _, img := range images {
		if !strings.Contains(readme, "`"+img+"`") {
			t.Errorf("README.md does not name the image %s", img)
		}
	}
}

// TestDeployExampleEveryKey: deploy/gaitd.yaml documents every key of the
// config file (it says so, and gaitd.service points to it for the keys the
// minimal config leaves out), each at its place: with its commented-out
// keys put in, every key of fileConfig is in it.
func TestDeployExampleEveryKey(t *testing.T) {
	// "  # key: value" and "  #   key:" lines, the comment mark taken out
	// where the file still decodes with it (not prose such as "# gyro:
	// true, gyroscope.")
	strict := func(text string) error {
		var c fileConfig
		dec := yaml.NewDecoder(strings.NewReader(text))
		dec.KnownFields(true)
		return dec.Decode(&c)
	}
	lines := strings.Split(string(readDeploy(t, "gaitd.yaml")), "\n")
	commented := regexp.MustCompile(`^( *)# ( *[a-z][a-z0-9_-]*:(?: .*)?)$`)
	for i, l := range lines {
		if m := commented.FindStringSubmatch(l); m != nil {
			lines[i] = m[1] + m[2]
			if strict(strings.Join(lines, "\n")) != nil {
				lines[i] = l
			}
		}
	}
	text := strings.Join(lines, "\n")
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(text), &root); err != nil || len(root.Content) != 1 {
		t.Fatalf("gaitd.yaml with its commented keys: %v", err)
	}
	var walk func(path string, typ reflect.Type, nodes []*yaml.Node)
	walk = func(path string, typ reflect.Type, nodes []*yaml.Node) {
		for typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		switch typ.Kind() {
		case reflect.Slice:
			if typ.Elem().Kind() != reflect.Struct {
				return
			}
			var items []*yaml.Node
			for _, n := range nodes {
				if n.Kind == yaml.SequenceNode {
					items = append(items, n.Content...)
				}
			}
			walk(path+"[]", typ.Elem(), items)
		case reflect.Map:
			var values []*yaml.Node
			for _, n := range nodes {
				for i := 1; n.Kind == yaml.MappingNode && i < len(n.Content); i += 2 {
					values = append(values, n.Content[i])
				}
			}
			walk(path+".<name>", typ.Elem(), values)
		case reflect.Struct:
			if _, ok := reflect.New(typ).Interface().(yaml.Unmarshaler); ok {
				return // a scalar (configDuration)
			}
			for i := range typ.NumField() {
				key, _, _ := strings.Cut(typ.Field(i).Tag.Get("yaml"), ",")
				if key == "" || key == "-" {
					continue
				}
				var found []*yaml.Node
				for _, n := range nodes {
					for j := 0; n.Kind == yaml.MappingNode && j+1 < len(n.Content); j += 2 {
						if n.Content[j].Value == key {
							found = append(found, n.Content[j+1])
						}
					}
				}
				p := strings.TrimPrefix(path+"."+key, ".")
				if len(found) == 0 {
					t.Errorf("deploy/gaitd.yaml does not document the key %s", p)
					continue
				}
				walk(p, typ.Field(i).Type, found)
			}
		}
	}
	walk("", reflect.TypeFor[fileConfig](), root.Content)

	if err := strict(text); err != nil {
		t.Errorf("gaitd.yaml with its commented keys: %v", err)
	}
}
