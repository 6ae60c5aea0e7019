package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/schollz/progressbar/v3"

	"stackdesk/internal/config"
	"stackdesk/internal/importer"
	"stackdesk/internal/qa"
	"stackdesk/internal/search/engine"
	"stackdesk/internal/store"
)

const importSEUsage = `import-se [flags] DIR

Imports the Stack Exchange data dump in DIR (Posts.xml required; Users, Tags,
Comments, Votes, PostLinks, PostHistory and Badges used when present). Run it
again to resume an interrupted import; a finished one is not repeated. The
search index catches up through the outbox when a server runs (or starts);
--reindex rebuilds it at once instead.
`

// cmdImportSE imports a Stack Exchange data dump, with a progress bar per
// file on stderr and a summary on stdout.
func cmdImportSE(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("import-se", importSEUsage, stderr)
	site := fs.String("site", "", "`name` of the source site in the id map (default: DIR's name)")
	batch := fs.Int("batch", importer.DefaultBatchSize, "rows per transaction")
	reindex := fs.Bool("reindex", false, "rebuild the search index when the import ends")
	quiet := fs.Bool("quiet", false, "no progress bars")
	parse := func(args []string) error {
		if err := fs.Parse(args); err != nil && !errors.Is(err, flag.ErrHelp) {
			return usageError{msg: "import-se: " + err.Error()}
		} else if err != nil {
			return err
		}
		return nil
	}
	if err := parse(args); err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) > 0 { // flags may also follow DIR
		if err := parse(rest[1:]); err != nil {
			return err
		}
		rest = append(rest[:1], fs.Args()...)
	}
	switch {
	case len(rest) != 1:
		fs.Usage()
		return usagef("import-se: give one dump folder")
	case *batch < 1:
		return usagef("import-se: --batch wants 1 or more rows")
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, cfg.DatabaseURL, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		return err
	}
	// What the import writes is rendered as the site renders now: bring
	// what is stored up to date first (and record it, in a new database),
	// so the site's first start has nothing to render again.
	if _, err := (&qa.Service{Store: st, Now: time.Now}).UpgradeRendered(ctx); err != nil {
		return err
	}
	var progress importer.Progress
	if !*quiet {
		progress = &bars{w: stderr, term: isTerminal(stderr)}
	}
	sum, err := importer.Import(ctx, st, rest[0], importer.Options{Site: *site, BatchSize: *batch, Progress: progress, Reputation: &cfg.Reputation})
	if len(sum.Files) > 0 {
		sum.Write(stdout)
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stdout, "Interrupted: every committed batch is kept; run the same command again to resume.")
		return err
	}
	if *reindex && (err == nil || errors.Is(err, importer.ErrTruncated) || errors.Is(err, importer.ErrMalformed)) {
		if rerr := reindexNow(ctx, st, cfg.IndexDir, stdout); rerr != nil {
			return errors.Join(err, rerr)
		}
	}
	return err
}

// reindexNow rebuilds the search index from the database.
func reindexNow(ctx context.Context, st *store.Store, indexDir string, stdout io.Writer) error {
	if err := os.MkdirAll(indexDir, 0o755); err != nil {
		return err
	}
	stats, err := engine.Rebuild(ctx, st, filepath.Join(indexDir, "questions"), nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Reindexed %d questions in %.1f s.\n", stats.Documents, stats.Seconds)
	return nil
}

// bars draws one progress bar per dump file, by bytes read.
// Outside a terminal (a log file) each file gets one line as it starts.
type bars struct {
	w       io.Writer
	term    bool // w is a terminal
	bar     *progressbar.ProgressBar
	started time.Time // when the file's bar started
	pending int       // bytes read in the warm-up, not yet on the bar
}

// rateWarmUp is how long a file is read before its bar moves: the bar's
// rate is bytes over time since the start, and over the first instants (a
// buffer filled from the page cache) that reads as hundreds of GB/s. The
// bar shows the file at 0 % until then, and a rate measured over a second.
const rateWarmUp = time.Second

func (b *bars) Start(file string, size int64) {
	if !b.term {
		fmt.Fprintf(b.w, "%s: reading %.1f MB\n", file, float64(size)/1e6)
	}
	b.started, b.pending = time.Now(), 0
	b.bar = progressbar.NewOptions64(size, termBarOptions(b.w, b.term,
		progressbar.OptionSetRenderBlankState(true),
		progressbar.OptionSetDescription(fmt.Sprintf("%-16s", file)),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionFullWidth(),
	)...)
}

func (b *bars) Read(n int) {
	if b.bar == nil {
		return
	}
	b.pending += n
	if time.Since(b.started) >= rateWarmUp {
		b.bar.Add(b.pending)
		b.pending = 0
	}
}

func (b *bars) Committed(string, int64) {}

func (b *bars) Finish(f *importer.FileSummary) {
	if b.bar == nil {
		return
	}
	if b.pending > 0 { // a file read within the warm-up: its rate is over the whole file
		b.bar.Add(b.pending)
		b.pending = 0
	}
	switch {
	case !b.term:
		b.bar.Exit()
	case f.Err != nil:
		// Stopped part-way (interrupted, or the file breaks off): the bar
		// stays where reading got to rather than jumping to 100 %.
		b.bar.Exit()
		fmt.Fprintln(b.w, " stopped")
	default:
		b.bar.Finish()
		fmt.Fprintln(b.w)
	}
	b.bar = nil
}
