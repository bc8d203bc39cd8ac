package main

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"time"
)

// durationFlag is a duration flag (serve's --idle, --reorder,
// --forget-after; demo's --duration, --linger) that, given a bare number,
// says to add the unit, as the config file's keys do: flag.Duration said
// `invalid value "30" for flag -idle: parse error`.
type durationFlag struct{ p *time.Duration }

func (d durationFlag) String() string {
	if d.p == nil {
		return time.Duration(0).String()
	}
	return d.p.String()
}

func (d durationFlag) Set(s string) error {
	v, err := time.ParseDuration(s)
	if err != nil {
		if _, e := strconv.ParseFloat(s, 64); e == nil {
			return fmt.Errorf("%s has no unit: write it with one, such as %ss or %sms (a bare 0 is zero)", s, s, s)
		}
		return errors.New("not a duration: write it as 30s, 250ms or 2m")
	}
	*d.p = v
	return nil
}

func (d durationFlag) Get() any { return *d.p }

// durationVar defines a durationFlag; usage names its kind in backquotes
// (`duration`), which the help prints as the flag's value name.
func durationVar(fs *flag.FlagSet, p *time.Duration, name string, value time.Duration, usage string) {
	*p = value
	fs.Var(durationFlag{p}, name, usage)
}
