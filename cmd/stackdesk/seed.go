package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"

	"stackdesk/internal/app"
	"stackdesk/internal/config"
	"stackdesk/internal/seed"
)

// cmdSeed fills the database: --demo seeds the demo site into an empty
// database, --synthetic N adds N generated posts.
func cmdSeed(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("seed", "seed --demo | --synthetic N\n", stderr)
	demo := fs.Bool("demo", false, "seed the demo site (users, questions, answers); the database must have no questions")
	synthetic := fs.Int("synthetic", 0, "add `N` generated posts (questions and answers) for load and search tests")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case *synthetic < 0 || *synthetic > seed.MaxSyntheticPosts:
		return usagef("seed: --synthetic wants 1 to %d posts", seed.MaxSyntheticPosts)
	case *demo == (*synthetic > 0):
		return usagef("seed: give either --demo or --synthetic N")
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	a, err := app.New(ctx, cfg, app.Options{})
	if err != nil {
		return err
	}
	defer a.Shutdown(context.Background())
	if *demo {
		res, err := seed.Demo(ctx, seed.DemoDeps{Auth: a.Auth, QA: a.QA, Rep: a.Rep, Help: a.Help, Store: a.Store})
		if err != nil {
			return err
		}
		printDemoResult(stdout, res)
		printDemoLogins(stdout)
		return nil
	}
	return seedSynthetic(ctx, a, *synthetic, stdout, stderr)
}

// seedSynthetic adds n generated posts with a progress bar on stderr.
func seedSynthetic(ctx context.Context, a *app.App, n int, stdout, stderr io.Writer) error {
	bar := progressbar.NewOptions(n, barOptions(stderr,
		progressbar.OptionSetDescription("seeding posts"),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionOnCompletion(func() {
			if isTerminal(stderr) {
				fmt.Fprintln(stderr)
			}
		}),
	)...)
	start := time.Now()
	res, err := seed.Synthetic(ctx, a.Store, n, func(done, total int) { bar.Set(done) })
	if err != nil {
		bar.Exit()
		fmt.Fprintln(stderr)
		return err
	}
	bar.Finish()
	secs := time.Since(start).Seconds()
	fmt.Fprintf(stdout, "seeded %d posts (%d questions, %d answers, %d accepted), %d comments, %d users, %d new tags in %.1f s: %.0f posts/s\n",
		res.Posts, res.Questions, res.Answers, res.Accepted, res.Comments, res.Users, res.NewTags, secs, float64(res.Posts)/secs)
	return nil
}

// seedDemoIfEmpty seeds the demo site when the database has no questions and
// reports whether it did.
func seedDemoIfEmpty(ctx context.Context, a *app.App, stdout io.Writer) (bool, error) {
	empty, err := seed.IsEmpty(ctx, a.Store)
	if err != nil || !empty {
		return false, err
	}
	res, err := seed.Demo(ctx, seed.DemoDeps{Auth: a.Auth, QA: a.QA, Rep: a.Rep, Help: a.Help, Store: a.Store})
	if errors.Is(err, seed.ErrNotEmpty) { // another process seeded it first
		return false, nil
	}
	if err != nil {
		return false, err
	}
	printDemoResult(stdout, res)
	return true, nil
}

func printDemoResult(w io.Writer, res *seed.DemoResult) {
	fmt.Fprintf(w, "Seeded the demo site: %d questions, %d answers, %d comments, %d users.\n",
		res.Questions, res.Answers, res.Comments, res.Users)
	for _, name := range res.Reused {
		fmt.Fprintf(w, "Note: user %s existed already and keeps its own password.\n", name)
	}
}

// printDemoLogins prints the demo accounts and their passwords as a table.
func printDemoLogins(stdout io.Writer) {
	fmt.Fprintln(stdout, "Demo logins:")
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  USERNAME\tPASSWORD\tROLE")
	for _, l := range seed.DemoLogins {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", l.Username, l.Password, l.Role)
	}
	tw.Flush()
}
