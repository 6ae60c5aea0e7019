package main

import (
	"fmt"
	"io"
	"os"

	"github.com/schollz/progressbar/v3"
)

// isTerminal reports whether w is a terminal, where a progress bar redraws
// itself in place; in a file or a pipe its carriage returns pile up into
// one long line (with rates from the first instants).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// barOptions are a progress bar's options for w: drawn on a terminal,
// hidden elsewhere (the command's own lines say what happened).
func barOptions(w io.Writer, opts ...progressbar.Option) []progressbar.Option {
	return termBarOptions(w, isTerminal(w), opts...)
}

// termBarOptions is barOptions for a w known to be a terminal (term) or not.
func termBarOptions(w io.Writer, term bool, opts ...progressbar.Option) []progressbar.Option {
	opts = append([]progressbar.Option{progressbar.OptionSetWriter(w)}, opts...)
	if !term {
		opts = append(opts, progressbar.OptionSetVisibility(false))
	}
	return opts
}

// countBar is the progress bar of work counted in items whose total is known
// only when the work reports first (reindex, rerender, uploads prune): made
// then, drawn on a terminal only, ended by done.
type countBar struct {
	w    io.Writer
	desc string
	unit string // after the rate ("docs/s"); "" shows no rate
	bar  *progressbar.ProgressBar
}

// set reports done of total; it fits func(done, total int) callbacks.
func (c *countBar) set(done, total int) {
	if c.bar == nil {
		opts := []progressbar.Option{progressbar.OptionSetDescription(c.desc), progressbar.OptionShowCount(),
			progressbar.OptionThrottle(100e6)}
		if c.unit != "" {
			opts = append(opts, progressbar.OptionShowIts(), progressbar.OptionSetItsString(c.unit))
		}
		c.bar = progressbar.NewOptions(total, barOptions(c.w, opts...)...)
	}
	c.bar.Set(done)
}

// done ends a bar drawn on a terminal with its line, for the summary after it.
func (c *countBar) done() {
	if c.bar != nil && isTerminal(c.w) {
		c.bar.Finish()
		fmt.Fprintln(c.w)
	}
}
