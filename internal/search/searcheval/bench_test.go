package searcheval

import (
	"cmp"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"stackdesk/internal/search"
)

// Benchmarks run over a synthetic corpus drawn from the dumps' vocabulary.
// STACKDESK_BENCH_DOCS sets its size (default 20000); STACKDESK_BENCH_DIR
// keeps the Search/Similar index in that folder between runs;
// STACKDESK_BENCH_WORKERS sets how many goroutines call Apply (default 1).
// BenchmarkIndex builds the whole corpus per iteration, so run it once:
//
//	STACKDESK_BENCH_DOCS=100000 go test -run '^$' -bench Index -benchtime 1x ./internal/search/searcheval
//	STACKDESK_BENCH_DOCS=100000 go test -run '^$' -bench 'Search|Similar' -benchtime 2000x ./internal/search/searcheval
var (
	benchOnce  sync.Once
	benchVocab *Vocab
	benchErr   error
	benchDir   string // index of benchDocs() questions shared by the benchmarks
	benchRoot  string

	benchCompacted bool // the shared index was merged into one segment
)

// TestMain removes the shared benchmark index when the run ends.
func TestMain(m *testing.M) {
	code := m.Run()
	if benchRoot != "" {
		_ = os.RemoveAll(benchRoot)
	}
	os.Exit(code)
}

// benchDocs is the corpus size from STACKDESK_BENCH_DOCS.
func benchDocs() int64 {
	if n, err := strconv.ParseInt(os.Getenv("STACKDESK_BENCH_DOCS"), 10, 64); err == nil && n > 0 {
		return n
	}
	return 20000
}

// vocab loads the vocabulary once.
func vocab(b *testing.B) *Vocab {
	data := requireData(b)
	benchOnce.Do(func() {
		dirs, err := Dumps(data)
		if err != nil {
			benchErr = err
			return
		}
		var dumps []*Dump
		for _, dir := range dirs {
			d, err := LoadDump(dir)
			if err != nil {
				benchErr = err
				return
			}
			dumps = append(dumps, d)
		}
		benchVocab, benchErr = LoadVocab(dumps)
		if benchErr == nil {
			benchRoot, benchErr = os.MkdirTemp("", "stackdesk-bench-")
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchVocab
}

// buildIndex indexes n generated questions into dir in batches of 1000,
// one batch per core (STACKDESK_BENCH_WORKERS overrides), and returns the
// time it took.
func buildIndex(b *testing.B, v *Vocab, dir string, n int64) time.Duration {
	start := time.Now()
	ix, err := search.Create(dir)
	if err != nil {
		b.Fatal(err)
	}
	workers := runtime.GOMAXPROCS(0) // as stackdesk reindex does
	if w, err := strconv.Atoi(os.Getenv("STACKDESK_BENCH_WORKERS")); err == nil && w > 0 {
		workers = w
	}
	const batchSize = 1000
	next := make(chan int64)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			batch := make([]search.Document, 0, batchSize)
			for first := range next {
				batch = batch[:0]
				for id := first; id < first+batchSize && id <= n; id++ {
					batch = append(batch, v.Doc(id))
				}
				if err := ix.Apply(batch, nil, first); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for first := int64(1); first <= n; first += batchSize {
		next <- first
	}
	close(next)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		b.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

// dirSize sums the sizes of the files under dir.
func dirSize(dir string) int64 {
	var total int64
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				total += info.Size()
			}
		}
		return nil
	})
	return total
}

// sharedIndex opens the shared benchmark index, building it if needed.
func sharedIndex(b *testing.B) (*search.Index, *Vocab) {
	v := vocab(b)
	if keep := os.Getenv("STACKDESK_BENCH_DIR"); keep != "" && benchDir == "" {
		// A by-hand run may keep its index between runs.
		if _, err := os.Stat(keep); err == nil {
			benchDir = keep
		} else {
			took := buildIndex(b, v, keep, benchDocs())
			b.Logf("built index of %d docs in %s in %v", benchDocs(), keep, took)
			benchDir = keep
		}
	}
	if benchDir == "" {
		dir := filepath.Join(benchRoot, "shared")
		took := buildIndex(b, v, dir, benchDocs())
		b.Logf("built shared index of %d docs in %v", benchDocs(), took)
		benchDir = dir
	}
	ix, err := search.Open(benchDir)
	if err != nil {
		b.Fatal(err)
	}
	if !benchCompacted {
		start := time.Now()
		if err := ix.Compact(context.Background()); err != nil {
			b.Fatal(err)
		}
		b.Logf("compacted in %v", time.Since(start))
		benchCompacted = true
	}
	return ix, v
}

// cpuTime is the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportLatency reports the median and 99th percentile of ds, and the CPU
// time per operation (which, unlike latency, does not suffer when other
// processes load the machine).
func reportLatency(b *testing.B, ds []time.Duration, cpu time.Duration) {
	if len(ds) == 0 {
		return
	}
	b.ReportMetric(float64(cpu)/float64(len(ds))/float64(time.Millisecond), "cpu-ms/op")
	slices.Sort(ds)
	ms := func(q float64) float64 {
		return float64(ds[min(len(ds)-1, int(q*float64(len(ds))))]) / float64(time.Millisecond)
	}
	b.ReportMetric(ms(0.50), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
}

// reportMemory reports what the process holds in memory after serving the
// queries: its anonymous memory (the Go heap and stacks) and the index file
// pages mapped in, read from /proc/self/status (Linux); elsewhere nothing.
func reportMemory(b *testing.B) {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return
	}
	for line := range strings.Lines(string(status)) {
		name, value, ok := strings.Cut(line, ":")
		if !ok || (name != "RssAnon" && name != "RssFile") {
			continue
		}
		kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 64)
		if err == nil {
			b.ReportMetric(kb/1024, name+"-MiB")
		}
	}
}

func BenchmarkIndex(b *testing.B) {
	v := vocab(b)
	n := benchDocs()
	var total time.Duration
	runs := 0
	var size int64
	cpu := cpuTime()
	for b.Loop() {
		dir := filepath.Join(benchRoot, "index-"+strconv.Itoa(runs))
		keep := os.Getenv("STACKDESK_BENCH_DIR")
		if _, err := os.Stat(keep); keep != "" && benchDir == "" && os.IsNotExist(err) {
			dir = keep
		}
		total += buildIndex(b, v, dir, n)
		size = dirSize(dir)
		if benchDir == "" {
			benchDir = dir
		} else {
			_ = os.RemoveAll(dir)
		}
		runs++
	}
	b.ReportMetric(float64(n)*float64(runs)/total.Seconds(), "docs/s")
	b.ReportMetric(float64(n)*float64(runs)/(cpuTime()-cpu).Seconds(), "docs/cpu-s")
	b.ReportMetric(float64(size)/(1<<20), "MiB-on-disk")
}

func BenchmarkSearch(b *testing.B) {
	ix, v := sharedIndex(b)
	defer ix.Close()
	queries := v.Queries(500, benchDocs())
	sorts := []string{"", "", "", "", "", "", "", "newest", "votes", "active"}
	ctx := context.Background()
	var ds []time.Duration
	i := 0
	cpu := cpuTime()
	type timed struct {
		d           time.Duration
		query, sort string
	}
	var all []timed
	for b.Loop() {
		q, sort := queries[i%len(queries)], sorts[i%len(sorts)]
		start := time.Now()
		_, err := ix.Search(ctx, search.Request{Query: q, Sort: sort})
		d := time.Since(start)
		ds = append(ds, d)
		all = append(all, timed{d, q, sort})
		if err != nil {
			b.Fatal(err)
		}
		i++
	}
	reportLatency(b, ds, cpuTime()-cpu)
	reportMemory(b)
	// STACKDESK_BENCH_SLOW=N logs the N slowest searches (with -v).
	if n, _ := strconv.Atoi(os.Getenv("STACKDESK_BENCH_SLOW")); n > 0 {
		slices.SortFunc(all, func(x, y timed) int { return cmp.Compare(y.d, x.d) })
		for _, t := range all[:min(n, len(all))] {
			b.Logf("%8.1f ms  sort=%-8s %s", float64(t.d)/float64(time.Millisecond), t.sort, t.query)
		}
	}
}

func BenchmarkSimilar(b *testing.B) {
	ix, v := sharedIndex(b)
	defer ix.Close()
	drafts := v.Drafts(500)
	ctx := context.Background()
	var ds []time.Duration
	i := 0
	cpu := cpuTime()
	for b.Loop() {
		d := drafts[i%len(drafts)]
		start := time.Now()
		_, err := ix.Similar(ctx, d[0], d[1], 10, 0)
		ds = append(ds, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		i++
	}
	reportLatency(b, ds, cpuTime()-cpu)
	reportMemory(b)
}

// BenchmarkSuggest times Get-help suggestions: draft titles as problems,
// every other one with its longest word misspelt (two letters swapped), so
// that half the problems take the typo look-up.
func BenchmarkSuggest(b *testing.B) {
	ix, v := sharedIndex(b)
	defer ix.Close()
	drafts := v.Drafts(500)
	problems := make([]string, len(drafts))
	for i, d := range drafts {
		problems[i] = d[0]
		if i%2 == 1 {
			problems[i] = misspell(d[0])
		}
	}
	ctx := context.Background()
	var ds []time.Duration
	i := 0
	cpu := cpuTime()
	for b.Loop() {
		start := time.Now()
		_, err := ix.Suggest(ctx, problems[i%len(problems)], 10)
		ds = append(ds, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		i++
	}
	reportLatency(b, ds, cpuTime()-cpu)
}

// BenchmarkRelated times a question page's related questions uncached
// (search.Index.Related): 500 questions of the corpus, by their tags and
// titles, each leaving itself out, with the limit the page asks for.
func BenchmarkRelated(b *testing.B) {
	ix, v := sharedIndex(b)
	defer ix.Close()
	n := benchDocs()
	docs := make([]search.Document, 500)
	for i := range docs {
		docs[i] = v.Doc(1 + int64(i)*n/int64(len(docs)))
	}
	ctx := context.Background()
	var ds []time.Duration
	i := 0
	cpu := cpuTime()
	for b.Loop() {
		d := docs[i%len(docs)]
		start := time.Now()
		_, err := ix.Related(ctx, d.Title, d.Tags, 14, d.ID)
		ds = append(ds, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		i++
	}
	reportLatency(b, ds, cpuTime()-cpu)
}

// misspell swaps the middle two letters of the longest word of s.
func misspell(s string) string {
	ws := strings.Fields(s)
	long := 0
	for i, w := range ws {
		if len(w) > len(ws[long]) {
			long = i
		}
	}
	if r := []rune(ws[long]); len(r) >= 4 {
		m := len(r) / 2
		r[m-1], r[m] = r[m], r[m-1]
		ws[long] = string(r)
	}
	return strings.Join(ws, " ")
}
