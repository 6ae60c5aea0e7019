package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/qa"
)

// cmdRerender renders the stored HTML of every post and comment again with
// this version's renderer (after an upgrade that changed it).
func cmdRerender(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("rerender", "rerender\n\nRenders every post and comment again with this version's renderer, so that a\nchange to it reaches what was written before (no flags or arguments). Only\nchanged rows are written; a running site may stay up.\n", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	st, err := openExisting(ctx, cfg, "nothing to render")
	if err != nil {
		return err
	}
	defer st.Close()
	bar := &countBar{w: stderr, desc: "rendering posts and comments", unit: "rows"}
	stats, err := (&qa.Service{Store: st, Now: time.Now}).Rerender(ctx, bar.set)
	bar.done()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "rendered %d posts and %d comments again in %.1f s: %d posts and %d comments changed\n",
		stats.Posts, stats.Comments, stats.Seconds, stats.ChangedPosts, stats.ChangedComments)
	return nil
}
