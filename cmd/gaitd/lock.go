package main

import (
	"fmt"
	"strings"
)

// dataDirInUse is lockDataDir's refusal of the data directory whose lock
// file p another serve holds; holder is the file's content, its pid.
func dataDirInUse(p string, holder []byte) error {
	who := strings.TrimSpace(string(holder))
	if who == "" {
		who = "its pid not written yet"
	}
	return fmt.Errorf("in use by another gaitd serve (%s; %s): one daemon per data directory", who, p)
}
