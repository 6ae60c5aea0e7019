package main

import (
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
