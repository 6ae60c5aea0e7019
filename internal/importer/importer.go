package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
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

	// namesChosen, in tests, runs once a batch of users has its usernames,
	// before they are written: where a sign-up can take one meanwhile.
	namesChosen func(names []string)
	// idsChosen, in tests, runs once a batch has the ids of its new rows of
	// table, before they are written: where a sign-up can take a kept one.
	idsChosen func(table string, ids []int64)
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
	// fingerprint identifies the dump's content (see dumpFingerprint).
	fingerprint string

	droppedTags    int64    // question tags our tag rules refuse
	droppedSamples []string // the first few of them

	namesChosen func(names []string)            // see Options.namesChosen
	idsChosen   func(table string, ids []int64) // see Options.idsChosen
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
		progress: opt.Progress, clock: opt.Now, namesChosen: opt.namesChosen,
		idsChosen: opt.idsChosen}
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
	fp, err := dumpFingerprint(filepath.Join(dir, "Posts.xml"))
	if err != nil {
		return sum, fmt.Errorf("importer: %w", err)
	}
	r.fingerprint = fp
	start := time.Now()
	err = withSession(ctx, st, func(s session) error {
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
	if err := r.checkFingerprint(ctx); err != nil {
		return err
	}
	if err := r.start(ctx); err != nil {
		return err
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

// fingerprintBytes is how much of Posts.xml identifies a dump: its first
// posts, which a later dump of the same site begins with too.
const fingerprintBytes = 64 << 10

// dumpFingerprint hashes the beginning of a dump's Posts.xml.
func dumpFingerprint(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.CopyN(h, f, fingerprintBytes); err != nil && err != io.EOF {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)[:16]), nil
}

// checkFingerprint refuses a dump that was imported under another site
// name (another --site, or the folder renamed): importing it again would
// copy every post and user a second time.
func (r *run) checkFingerprint(ctx context.Context) error {
	var other string
	err := r.db.inTx(ctx, func(t dbtx) error {
		rows, err := t.query(ctx, "SELECT site FROM import_progress WHERE file = 'Posts.xml' AND fingerprint = ? AND site <> ?",
			r.fingerprint, r.site)
		if err != nil {
			return err
		}
		if rows.Next() {
			err = rows.Scan(&other)
		}
		if cerr := rows.Close(); err == nil {
			err = cerr
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("importer: progress: %w", err)
	}
	if other != "" {
		return fmt.Errorf("importer: this dump was imported as site %q (its Posts.xml begins the same): run with --site %s to resume or update that import; under another name every post would be copied again", other, other)
	}
	return nil
}
