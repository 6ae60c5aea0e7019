// Command loadbench measures Stackdesk under load: it seeds N synthetic posts
// into a fresh PostgreSQL database, serves them, and drives the question page,
// the question JSON and the list pages with concurrent connections, printing
// requests/s and p50/p99 latency per scenario. `make bench-load` runs it.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/schollz/progressbar/v3"

	"stackdesk/internal/app"
	"stackdesk/internal/config"
	"stackdesk/internal/seed"
	"stackdesk/internal/store"
)

func main() {
	posts := flag.Int("posts", 100000, "synthetic posts to seed")
	conns := flag.Int("conns", 32, "concurrent connections")
	dur := flag.Duration("duration", 10*time.Second, "measuring time per scenario")
	admin := flag.String("admin-url", envOr("STACKDESK_BENCH_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"), "PostgreSQL server to create the benchmark database on")
	keep := flag.Bool("keep", false, "keep the benchmark database")
	only := flag.String("only", "", "run only the scenarios whose name contains this")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the measured scenarios to this file")
	dbURL := flag.String("db", "", "use this existing, seeded database instead of creating one")
	flag.Parse()
	opts := options{only: *only, cpuprofile: *cpuprofile, db: *dbURL}
	if err := run(*posts, *conns, *dur, *admin, *keep, opts); err != nil {
		fmt.Fprintln(os.Stderr, "loadbench:", err)
		os.Exit(1)
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// options are the flags for profiling and repeated runs.
type options struct {
	only, cpuprofile, db string
}

func run(posts, conns int, dur time.Duration, adminURL string, keep bool, opt options) error {
	ctx := context.Background()
	cfg := config.Defaults()
	if opt.db != "" {
		cfg.DatabaseURL = opt.db
	} else {
		admin, err := sql.Open("pgx", adminURL)
		if err != nil {
			return err
		}
		defer admin.Close()
		name := fmt.Sprintf("stackdesk_loadbench_%d", time.Now().Unix())
		if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
			return fmt.Errorf("create database: %w", err)
		}
		if !keep {
			defer admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		} else {
			fmt.Fprintln(os.Stderr, "keeping database", name)
		}
		u, _ := url.Parse(adminURL)
		u.Path = "/" + name
		cfg.DatabaseURL = u.String()
	}
	cfg.IndexDir, _ = os.MkdirTemp("", "loadbench-index-")
	defer os.RemoveAll(cfg.IndexDir)
	cfg.LogLevel = "warn"
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	app.TuneGC() // as serve does
	a, err := app.New(ctx, cfg, app.Options{Logger: log})
	if err != nil {
		return err
	}
	res := &seed.SyntheticResult{}
	if opt.db == "" {
		bar := progressbar.NewOptions(posts, progressbar.OptionSetWriter(os.Stderr), progressbar.OptionSetDescription("seeding posts"),
			progressbar.OptionShowCount(), progressbar.OptionThrottle(100*time.Millisecond))
		res, err = seed.Synthetic(ctx, a.Store, posts, func(done, total int) { bar.Set(done) })
		if err != nil {
			return err
		}
		bar.Finish()
		fmt.Fprintf(os.Stderr, "\nseeded %d posts (%d questions) in %.1f s\n", res.Posts, res.Questions, res.Elapsed.Seconds())
		if err := a.Store.DB.Exec("VACUUM ANALYZE").Error; err != nil {
			return err
		}
	} else if err := a.Store.DB.Model(&store.Post{}).Count(new(int64)).Error; err != nil {
		return err
	}
	var total int64
	a.Store.DB.Model(&store.Post{}).Count(&total)
	res.Posts = int(total)
	var ids []int64
	if err := a.Store.DB.Model(&store.Post{}).Where("type = ? AND deleted_at IS NULL", store.PostQuestion).Pluck("id", &ids).Error; err != nil {
		return err
	}
	if err := a.Listen("127.0.0.1:0"); err != nil {
		return err
	}
	go a.Serve()
	defer a.Shutdown(context.Background())
	base := a.URL()
	fmt.Fprintln(os.Stderr, "waiting for the search index to be built ...")
	for !a.Search.Status(ctx).Ready {
		time.Sleep(100 * time.Millisecond)
	}

	client := &http.Client{Transport: &http.Transport{MaxIdleConns: conns * 2, MaxIdleConnsPerHost: conns * 2}, Timeout: 10 * time.Second}
	scenarios := []struct {
		name string
		path func(r *rand.Rand) string
	}{
		{"question page (random id)", func(r *rand.Rand) string { return fmt.Sprintf("/questions/%d", ids[r.IntN(len(ids))]) }},
		{"question JSON (random id)", func(r *rand.Rand) string { return fmt.Sprintf("/api/v1/questions/%d", ids[r.IntN(len(ids))]) }},
		{"question list, page 1", func(*rand.Rand) string { return "/questions?page=1" }},
		{"question list, page 50", func(*rand.Rand) string { return "/questions?page=50" }},
	}
	fmt.Printf("\n%d posts, %d connections, %s per scenario, on %s\n\n", res.Posts, conns, dur, hostInfo())
	fmt.Println("| scenario | requests/s | p50 | p99 | errors |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: |")
	if opt.cpuprofile != "" {
		f, err := os.Create(opt.cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	for _, s := range scenarios {
		if opt.only != "" && !strings.Contains(s.name, opt.only) {
			continue
		}
		load(client, base, s.path, conns, 2*time.Second) // warm up
		r := load(client, base, s.path, conns, dur)
		fmt.Printf("| %s | %.0f | %s | %s | %d |\n", s.name, r.rps, ms(r.p50), ms(r.p99), r.errors)
	}
	return nil
}

type result struct {
	rps      float64
	p50, p99 time.Duration
	errors   int
}

// load drives GET requests from conns workers for d and measures them.
func load(client *http.Client, base string, path func(*rand.Rand) string, conns int, d time.Duration) result {
	var mu sync.Mutex
	var all []time.Duration
	errors := 0
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for w := 0; w < conns; w++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, 1))
			var lat []time.Duration
			errs := 0
			for time.Now().Before(deadline) {
				start := time.Now()
				res, err := client.Get(base + path(r))
				if err != nil {
					errs++
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 {
					errs++
				}
				lat = append(lat, time.Since(start))
			}
			mu.Lock()
			all = append(all, lat...)
			errors += errs
			mu.Unlock()
		}(uint64(w + 1))
	}
	wg.Wait()
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	if len(all) == 0 {
		return result{errors: errors}
	}
	return result{rps: float64(len(all)) / d.Seconds(), p50: all[len(all)/2], p99: all[len(all)*99/100], errors: errors}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

func hostInfo() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	n := strings.Count(string(b), "processor\t:")
	return fmt.Sprintf("%d CPUs", n)
}
