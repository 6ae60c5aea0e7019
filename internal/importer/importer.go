package importer

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/consistency"
	"stackdesk/internal/store"
)

// Options tune an import; the zero value is ready to use.
type Options struct {
	// Site names the source site in the id map and the progress table, so
	// that runs of the same dump find each other; default: the folder's name.
	Site string
	// BatchSize is how many rows go into one transaction; default 1000.
	BatchSize int
	// Workers is how many goroutines convert rows; default GOMAXPROCS.
	Workers int
	// Progress follows the import file by file; nil shows nothing.
	Progress Progress
	// Now is the clock for rows the dump gives no date; default time.Now.
	Now func() time.Time
	// Reputation holds the badge thresholds of the site; nil means the defaults.
	Reputation *config.Reputation
}

// DefaultBatchSize is the number of rows per transaction unless Options say otherwise.
const DefaultBatchSize = 1000

// run is one import in progress.
type run struct {
	db        session
	dir       string
	site      string
	batchSize int
	workers   int
	finished  bool // every file was read and finish ran
	progress  Progress
	clock     func() time.Time
	tagsFile  bool // Tags.xml is present, so tag-wiki excerpts can find their tags

	droppedTags    int64    // question tags our tag rules refuse
	droppedSamples []string // the first few of them
}

func (r *run) now() time.Time { return r.clock().UTC() }

// dropTags counts question tags left out because our tag rules refuse them.
func (r *run) dropTags(names []string) {
	for _, n := range names {
		r.droppedTags++
		if len(r.droppedSamples) < 5 {
			r.droppedSamples = append(r.droppedSamples, n)
		}
	}
}

// Import reads the Stack Exchange dump in dir into the store: Posts.xml
// must be there; Tags.xml, Users.xml, PostHistory.xml, PostLinks.xml,
// Comments.xml, Votes.xml and Badges.xml are used when present, in that
// order. It returns what each file gave even when it fails. The error joins
// every file that could not be read to the end (a truncated or malformed
// file: its rows before the problem are imported); a database error or a
// cancelled ctx stops the import at once, and a later run resumes it.
func Import(ctx context.Context, st *store.Store, dir string, opt Options) (*Summary, error) {
	r := &run{dir: dir, site: opt.Site, batchSize: opt.BatchSize, workers: opt.Workers,
		progress: opt.Progress, clock: opt.Now}
	if r.site == "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil, fmt.Errorf("importer: %w", err)
		}
		r.site = filepath.Base(abs)
	}
	if r.batchSize <= 0 {
		r.batchSize = DefaultBatchSize
	}
	if r.workers <= 0 {
		r.workers = runtime.GOMAXPROCS(0)
	}
	if r.progress == nil {
		r.progress = noProgress{}
	}
	if r.clock == nil {
		r.clock = time.Now
	}
	sum := &Summary{Site: r.site}
	if _, err := os.Stat(filepath.Join(dir, "Posts.xml")); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return sum, fmt.Errorf("importer: %s has no Posts.xml: is it a Stack Exchange dump folder?", dir)
		}
		return sum, fmt.Errorf("importer: %w", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "Tags.xml")); err == nil {
		r.tagsFile = true
	}
	start := time.Now()
	err := withSession(ctx, st, func(s session) error {
		r.db = s
		return r.all(ctx, sum)
	})
	if r.finished {
		// Badges that only the whole history shows (Necromancer, Editor, tag
		// badges), awarded once every file is in, even if some had bad rows.
		rules := config.Defaults().Reputation
		if opt.Reputation != nil {
			rules = *opt.Reputation
		}
		n, aerr := consistency.AwardBadges(ctx, st, rules, r.now())
		if aerr != nil {
			err = errors.Join(err, fmt.Errorf("importer: badges: %w", aerr))
		} else if n > 0 {
			sum.Notes = append(sum.Notes, fmt.Sprintf("awarded %d badges that the whole history shows (Necromancer, Editor, tag badges)", n))
		}
	}
	sum.Seconds = time.Since(start).Seconds()
	return sum, err
}

// all imports every file in order, then derives what the files imply.
func (r *run) all(ctx context.Context, sum *Summary) error {
	steps := []func(context.Context, *run) (*FileSummary, error){
		importTags, importUsers, importPosts, importHistory, importLinks,
		importComments, importVotes, importBadges,
	}
	var fileErrs []error
	for _, step := range steps {
		fs, err := step(ctx, r)
		if fs != nil {
			sum.Files = append(sum.Files, fs)
			if fs.Err != nil && err == nil {
				fileErrs = append(fileErrs, fs.Err)
			}
		}
		if err != nil {
			return err
		}
	}
	notes, err := r.finish(ctx)
	if err != nil {
		return err
	}
	sum.Notes = append(sum.Notes, notes...)
	r.finished = true
	return errors.Join(fileErrs...)
}
