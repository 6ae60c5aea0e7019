package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/uploads"
)

const pruneUsage = `uploads prune [--older-than 30d] [--dry-run]

Deletes the images last uploaded longer ago than --older-than that no post
(also a deleted one, in any revision), suggested edit, comment or hotline
ticket shows, file and row, and the temporary files that interrupted
uploads left in the upload folder (STACKDESK_UPLOAD_DIR) as long ago. It
ends with a summary line: how many of the images that old it pruned, how
many of them are still shown, and the space freed.
`

// cmdUploads looks after the uploaded images: prune deletes the old ones
// that nothing shows.
func cmdUploads(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	const usage = "uploads: want 'uploads prune [--older-than 30d] [--dry-run]' (delete the images last uploaded longer ago than that which no post, revision, suggested edit, comment or ticket shows)"
	if len(args) == 0 {
		return usageError{msg: usage}
	}
	if args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		fmt.Fprint(stderr, "Usage: stackdesk "+pruneUsage)
		return flag.ErrHelp
	}
	if args[0] != "prune" {
		return usagef("uploads: unknown subcommand %q; %s", args[0], strings.TrimPrefix(usage, "uploads: "))
	}
	fs := newFlags("uploads prune", pruneUsage, stderr)
	olderThan := age(30 * 24 * time.Hour)
	fs.Var(&olderThan, "older-than", "prune only what was uploaded longer ago than this, in days (`30d`) or as a duration (720h, 36h30m); at least a day")
	dryRun := fs.Bool("dry-run", false, "say what would be pruned, delete nothing")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if time.Duration(olderThan) < uploads.MinPruneAge {
		return usagef("uploads prune: --older-than %s is under a day (24h): a newer image may be in a post still being written", olderThan)
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
	bar := &countBar{w: stderr, desc: "reading posts, revisions, comments and tickets"}
	r, err := svc.Prune(ctx, time.Duration(olderThan), *dryRun, bar.set)
	bar.done()
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, pruneSummary(r, olderThan, cfg.UploadDir, *dryRun))
	return nil
}

// pruneSummary is the line prune ends with, such as
//
//	pruned 3 of the 41 images last uploaded over 30 days ago (38 still shown), 2.1 MB, and 1 temporary file of an interrupted upload, 512 bytes, from ./data/uploads; 12040 texts read
func pruneSummary(r uploads.PruneResult, olderThan age, dir string, dryRun bool) string {
	verb := "pruned"
	if dryRun {
		verb = "would prune (dry run)"
	}
	temps := "no temporary files of interrupted uploads"
	if r.Temps > 0 {
		temps = plural(r.Temps, "temporary file of an interrupted upload", "temporary files of interrupted uploads") + ", " + humanSize(r.TempBytes)
	}
	return fmt.Sprintf("%s %d of the %s last uploaded over %s ago (%d still shown), %s, and %s, from %s; %s read",
		verb, r.Pruned, plural(r.Old, "image", "images"), olderThan.words(), r.Referenced, humanSize(r.Bytes), temps, dir, plural(r.Texts, "text", "texts"))
}

// plural writes a count and the noun it counts.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// humanSize writes a size in bytes, KB or MB (of 1024), as fits: 850
// bytes, 12.3 KB, 2.1 MB.
func humanSize(n int64) string {
	switch {
	case n == 1:
		return "1 byte"
	case n < 1<<10:
		return fmt.Sprintf("%d bytes", n)
	case n < 1<<20-51: // 1023.95 KB and more read as 1.0 MB
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// age is --older-than: whole days (30d) or a Go duration (720h, 36h30m).
type age time.Duration

func (a *age) Set(s string) error {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 || n > 100*365 {
			return errAge
		}
		*a = age(time.Duration(n) * 24 * time.Hour)
		return nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return errAge
	}
	*a = age(d)
	return nil
}

var errAge = errors.New("want whole days such as 30d, or a duration such as 720h or 36h30m")

// String writes the age as it would be given: 30d, 36h, 36h30m.
func (a age) String() string {
	d := time.Duration(a)
	if d > 0 && d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	return hours(d)
}

// words writes the age for the summary: 30 days, 1 day, 36h30m.
func (a age) words() string {
	d := time.Duration(a)
	if d > 0 && d%(24*time.Hour) == 0 {
		return plural(int(d/(24*time.Hour)), "day", "days")
	}
	return hours(d)
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
