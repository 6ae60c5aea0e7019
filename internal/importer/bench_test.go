package importer

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// BenchmarkImport imports the largest shared dump (cardano) into a fresh
// database of each dialect per iteration and reports:
//   - posts/s: rows of Posts.xml over the wall time of the Posts.xml step;
//   - import-posts/s and rows/s: over the whole import (all files);
//   - db-posts/s: over the time the Posts.xml step spent in its transactions;
//   - cpu-µs/post: CPU of the Posts.xml step per post, this process plus the
//     PostgreSQL server, and idle-posts/s = cores / cpu-µs/post: the rate on
//     an idle machine, since a shared machine's wall clock says little.
func BenchmarkImport(b *testing.B) {
	dir := sharedDump(b, "cardano.stackexchange.com")
	workers, _ := strconv.Atoi(os.Getenv("BENCH_WORKERS"))
	batch, _ := strconv.Atoi(os.Getenv("BENCH_BATCH"))
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		b.Run(string(d), func(b *testing.B) {
			var posts, rows int64
			var total, step, write time.Duration
			probe := &cpuProbe{b: b, file: "Posts.xml"}
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				probe.st = storetest.Open(b, d)
				b.StartTimer()
				start := time.Now()
				sum, err := Import(context.Background(), probe.st, dir, Options{Workers: workers, BatchSize: batch, Progress: probe})
				total += time.Since(start)
				if err != nil {
					b.Fatal(err)
				}
				p := sum.File("Posts.xml")
				posts += p.Read
				step += time.Duration(p.Seconds * float64(time.Second))
				write += time.Duration(p.WriteSeconds * float64(time.Second))
				read, _, _ := sum.Totals()
				rows += read
			}
			cpuPerPost := float64(probe.cpu.Microseconds()) / float64(posts)
			b.ReportMetric(float64(posts)/step.Seconds(), "posts/s")
			b.ReportMetric(float64(posts)/total.Seconds(), "import-posts/s")
			b.ReportMetric(float64(rows)/total.Seconds(), "rows/s")
			b.ReportMetric(float64(posts)/write.Seconds(), "db-posts/s")
			b.ReportMetric(cpuPerPost, "cpu-µs/post")
			if d == store.Postgres {
				b.ReportMetric(float64(probe.pg.Microseconds())/float64(posts), "pg-cpu-µs/post")
			}
			b.ReportMetric(float64(runtime.NumCPU())*1e6/cpuPerPost, "idle-posts/s")
		})
	}
}

// cpuProbe adds up the CPU one file's step uses, in this process and in
// the PostgreSQL backends of its database.
type cpuProbe struct {
	noProgress
	b    *testing.B
	st   *store.Store
	file string
	at   time.Duration
	cpu  time.Duration
	pgAt time.Duration
	pg   time.Duration // the PostgreSQL backends' part of cpu
}

func (p *cpuProbe) Start(file string, _ int64) {
	if file == p.file {
		p.pgAt = backendCPU(p.b, p.st)
		p.at = processCPU() + p.pgAt
	}
}

func (p *cpuProbe) Finish(f *FileSummary) {
	if f.File == p.file {
		pg := backendCPU(p.b, p.st)
		p.cpu += processCPU() + pg - p.at
		p.pg += pg - p.pgAt
	}
}

// processCPU is the CPU time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// backendCPU is the CPU time the PostgreSQL backends serving st have used
// (zero for SQLite, which runs in this process).
func backendCPU(b *testing.B, st *store.Store) time.Duration {
	if st.Dialect != store.Postgres {
		return 0
	}
	var pids []int
	if err := st.DB.Raw("SELECT pid FROM pg_stat_activity WHERE datname = current_database()").Scan(&pids).Error; err != nil {
		b.Fatal(err)
	}
	var ticks int64
	for _, pid := range pids {
		raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			continue // not readable here: the figure is then a lower bound
		}
		f := strings.Fields(string(raw[strings.LastIndexByte(string(raw), ')')+2:]))
		u, _ := strconv.ParseInt(f[11], 10, 64)
		s, _ := strconv.ParseInt(f[12], 10, 64)
		ticks += u + s
	}
	return time.Duration(ticks) * 10 * time.Millisecond // USER_HZ is 100 on Linux
}

// BenchmarkConvertPosts reads and converts the rows of the largest shared
// Posts.xml on every core, as the import's workers do, without a database:
// the ceiling reading the XML and sanitising the HTML put on posts/s.
func BenchmarkConvertPosts(b *testing.B) {
	dir := sharedDump(b, "cardano.stackexchange.com")
	var posts int64
	start := time.Now()
	cpu := processCPU()
	for i := 0; i < b.N; i++ {
		f, err := os.Open(filepath.Join(dir, "Posts.xml"))
		if err != nil {
			b.Fatal(err)
		}
		rr := newRowReader("Posts.xml", "posts", bufio.NewReader(f))
		rows := make(chan xmlRow, 256)
		var wg sync.WaitGroup
		for range runtime.GOMAXPROCS(0) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for r := range rows {
					parsePost(&r)
				}
			}()
		}
		for {
			r, err := rr.next()
			if err != nil {
				break
			}
			rows <- r
			posts++
		}
		close(rows)
		wg.Wait()
		f.Close()
	}
	b.ReportMetric(float64(posts)/time.Since(start).Seconds(), "posts/s")
	b.ReportMetric(float64((processCPU()-cpu).Microseconds())/float64(posts), "cpu-µs/post")
}

// BenchmarkWritePosts times the database side of Posts.xml alone: the rows
// are read and converted before the clock starts (Tags.xml and Users.xml
// imported first, as in a real run), then written batch by batch, each in
// its transaction, into a fresh database per iteration.
func BenchmarkWritePosts(b *testing.B) {
	dir := sharedDump(b, "cardano.stackexchange.com")
	var items []item[post]
	var last []int64
	f, err := os.Open(filepath.Join(dir, "Posts.xml"))
	if err != nil {
		b.Fatal(err)
	}
	rr := newRowReader("Posts.xml", "posts", bufio.NewReader(f))
	for {
		r, err := rr.next()
		if err != nil {
			break
		}
		v, p := parsePost(&r)
		items = append(items, item[post]{Line: r.Line, V: v, Prob: p})
		last = append(last, r.Ordinal)
	}
	f.Close()
	spec := fileSpec[post]{name: "Posts.xml", root: "posts", table: "posts", write: writePosts}
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		b.Run(string(d), func(b *testing.B) {
			var elapsed time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				st := storetest.Open(b, d)
				r := &run{dir: dir, site: "bench", batchSize: DefaultBatchSize, workers: 2, progress: noProgress{},
					clock: time.Now, tagsFile: true}
				err := withSession(context.Background(), st, func(s session) error {
					r.db = s
					for _, step := range []func(context.Context, *run) (*FileSummary, error){importTags, importUsers} {
						if _, err := step(context.Background(), r); err != nil {
							return err
						}
					}
					var fs fileState
					err := s.inTx(context.Background(), func(t dbtx) (err error) {
						fs, err = loadOrStartFile(context.Background(), t, r.site, spec.name, spec.table, r.now())
						return err
					})
					if err != nil {
						return err
					}
					sum := &FileSummary{File: spec.name}
					b.StartTimer()
					start := time.Now()
					for lo := 0; lo < len(items); lo += r.batchSize {
						hi := min(lo+r.batchSize, len(items))
						bt := &batch[post]{items: items[lo:hi], lastRow: last[hi-1]}
						if err := writeBatch(context.Background(), r, spec, fs, bt, sum); err != nil {
							return err
						}
					}
					elapsed += time.Since(start)
					b.StopTimer()
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(items)*b.N)/elapsed.Seconds(), "posts/s")
		})
	}
}

// BenchmarkConvertUsers reads and converts the rows of the largest shared
// Users.xml on one core, without a database: the CPU a user costs before
// it is written (display name, username, profile text, names that claim a
// role).
func BenchmarkConvertUsers(b *testing.B) {
	dir := sharedDump(b, "cardano.stackexchange.com")
	var users int64
	cpu := processCPU()
	for i := 0; i < b.N; i++ {
		f, err := os.Open(filepath.Join(dir, "Users.xml"))
		if err != nil {
			b.Fatal(err)
		}
		rr := newRowReader("Users.xml", "users", bufio.NewReader(f))
		for {
			r, err := rr.next()
			if err != nil {
				break
			}
			parseUser(&r)
			users++
		}
		f.Close()
	}
	b.ReportMetric(float64((processCPU()-cpu).Nanoseconds())/1e3/float64(users), "cpu-µs/user")
}
