package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/survivorvoice/voice/internal/bench"
)

// cmdBench is `voice bench`: the respondent path of the real server, on a
// fresh schema of a PostgreSQL database, measured against the database alone.
func cmdBench(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	database := fs.String("database", "", "PostgreSQL URL (default: $VOICE_BENCH_DATABASE_URL, else $VOICE_DATABASE_URL); a schema bench_… is created in it and dropped at the end")
	duration := fs.Duration("duration", 10*time.Second, "length of each measurement")
	concurrency := fs.String("concurrency", "8,64", "concurrent respondents, comma-separated")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to `FILE`, its samples labelled by measurement (go tool pprof -tagfocus=phase=submit-http-64 FILE)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: voice bench [--database URL] [--duration 10s] [--concurrency 8,64] [--cpuprofile FILE]\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	dbURL := *database
	for _, k := range []string{"VOICE_BENCH_DATABASE_URL", "VOICE_DATABASE_URL"} {
		if dbURL == "" {
			dbURL = getenv(k)
		}
	}
	if dbURL == "" {
		return errors.New("voice bench needs a PostgreSQL database: pass --database postgres://… or set VOICE_BENCH_DATABASE_URL")
	}
	var levels []int
	for _, f := range strings.Split(*concurrency, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 4096 {
			return fmt.Errorf("--concurrency %q: want whole numbers from 1 to 4096, comma-separated", *concurrency)
		}
		levels = append(levels, n)
	}
	if *duration < 100*time.Millisecond {
		return fmt.Errorf("--duration %s: want at least 100ms", *duration)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return err
		}
		defer func() {
			pprof.StopCPUProfile()
			f.Close()
			fmt.Fprintf(stderr, "CPU profile written to %s\n", *cpuProfile)
		}()
	}
	res, err := bench.Run(ctx, bench.Options{DatabaseURL: dbURL, Duration: *duration, Concurrency: levels, Progress: stderr,
		Labels: *cpuProfile != ""})
	if err != nil {
		return err
	}
	res.Print(stdout)
	return nil
}
