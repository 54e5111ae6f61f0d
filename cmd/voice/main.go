// Command voice is the Survivor Voice platform: one binary for the web
// server and its operations. main wires configuration, store, catalog and
// server; it holds no logic of its own.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr, nil)
	stop()
	if err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "voice:", err)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

const usage = `Survivor Voice: anonymous, multilingual consultations with survivors.

Usage:
  voice serve [--migrate=true]        run the platform (see voice serve --help)
  voice migrate                       apply database migrations and exit
  voice user create --email E --role R[,R] [--language L] [--languages L,L]
                                      add a staff account; prints a one-time sign-in link
  voice healthcheck                   exit 0 if the local server answers /healthz
  voice demo [--responses 300] [--seed 1]
                                      fill a demo consultation with synthetic multilingual responses
  voice survey import FILE [--consultation SLUG]
                                      add or update a survey draft from JSON, YAML or XLSForm (.xlsx)
  voice survey export SLUG            write a survey's draft as JSON to standard output
  voice survey open SLUG              publish the draft as a new version and open the survey
  voice survey close SLUG             stop taking answers
  voice keys rotate [--new-key]       re-seal stored text under the active data key
  voice bench [--database URL] [--duration 10s] [--concurrency 8,64]
                                      measure submissions and page renders on PostgreSQL

Roles: admin, moderator, council, cochair.
`

// run is the whole program; tests call it with their own environment and
// output, and ready receives the listening address of "serve".
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, ready func(addr string)) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	switch args[0] {
	case "serve":
		return cmdServe(ctx, args[1:], getenv, stdout, stderr, ready)
	case "migrate":
		return cmdMigrate(ctx, getenv, stdout)
	case "user":
		if len(args) < 2 || args[1] != "create" {
			fmt.Fprint(stderr, usage)
			return errUsage
		}
		return cmdUserCreate(ctx, args[2:], getenv, stdout, stderr)
	case "healthcheck":
		return cmdHealthcheck(ctx, getenv)
	case "demo":
		return cmdDemo(ctx, args[1:], getenv, stdout, stderr)
	case "survey":
		return cmdSurvey(ctx, args[1:], getenv, stdout, stderr)
	case "keys":
		return cmdKeys(ctx, args[1:], getenv, stdout, stderr)
	case "bench":
		return cmdBench(ctx, args[1:], getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprintf(stderr, "unknown command %q\n\n%s", args[0], usage)
		return errUsage
	}
}
