package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"stackdesk/internal/config"
	"stackdesk/internal/uploads"
)

// cmdUploads looks after the uploaded images: prune deletes the old ones
// that nothing shows.
func cmdUploads(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	const usage = "uploads: want 'uploads prune [--older-than 720h] [--dry-run]' (delete the images last uploaded longer ago than that which no post, revision, suggested edit, comment or ticket shows)"
	if len(args) == 0 {
		return usageError{usage}
	}
	if args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		fmt.Fprintln(stderr, usage)
		return flag.ErrHelp
	}
	if args[0] != "prune" {
		return usagef("uploads: unknown subcommand %q; %s", args[0], strings.TrimPrefix(usage, "uploads: "))
	}
	fs := flag.NewFlagSet("uploads prune", flag.ContinueOnError)
	fs.SetOutput(stderr)
	olderThan := fs.Duration("older-than", 720*time.Hour, "prune only images uploaded longer ago than this (at least 24h)")
	dryRun := fs.Bool("dry-run", false, "say what would be pruned, delete nothing")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *olderThan < uploads.MinPruneAge {
		return usagef("uploads prune: --older-than %s is under %s: a newer image may be in a post still being written", *olderThan, hours(uploads.MinPruneAge))
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	st, err := openExisting(ctx, cfg, "no uploads to prune")
	if err != nil {
		return err
	}
	defer st.Close()
	svc := &uploads.Service{Store: st, Dir: cfg.UploadDir, MaxBytes: cfg.UploadMax, Now: time.Now}
	var bar *progressbar.ProgressBar
	r, err := svc.Prune(ctx, *olderThan, *dryRun, func(done, total int) {
		if bar == nil {
			bar = progressbar.NewOptions(total, barOptions(stderr,
				progressbar.OptionSetDescription("reading posts, revisions, comments and tickets"), progressbar.OptionShowCount(),
				progressbar.OptionThrottle(100e6))...)
		}
		bar.Set(done)
	})
	if bar != nil && isTerminal(stderr) {
		bar.Finish()
		fmt.Fprintln(stderr)
	}
	if err != nil {
		return err
	}
	verb := "pruned"
	if *dryRun {
		verb = "would prune (dry run)"
	}
	fmt.Fprintf(stdout, "%s %d of %d images older than %s (%.1f MB) from %s; %d still shown; %d texts read\n",
		verb, r.Pruned, r.Old, hours(*olderThan), float64(r.Bytes)/(1<<20), cfg.UploadDir, r.Referenced, r.Texts)
	return nil
}

// hours writes a duration as its flag would be given: 720h, 36h30m.
func hours(d time.Duration) string {
	switch {
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dh%dm", d/time.Hour, d%time.Hour/time.Minute)
	}
	return d.String()
}
