package importer

import "io"

// Progress follows an import file by file; the CLI draws a progress bar
// with it. Methods are called from the importer's goroutines, one file at a
// time.
type Progress interface {
	// Start is called before a file is read, with its size in bytes.
	Start(file string, size int64)
	// Read is called as bytes of the current file are read.
	Read(n int)
	// Committed is called after each batch transaction with the number of
	// the file's rows committed so far (including earlier runs).
	Committed(file string, rowsDone int64)
	// Finish is called when the file is done, stopped or failed.
	Finish(f *FileSummary)
}

// noProgress is the Progress used when none is given.
type noProgress struct{}

func (noProgress) Start(string, int64)     {}
func (noProgress) Read(int)                {}
func (noProgress) Committed(string, int64) {}
func (noProgress) Finish(*FileSummary)     {}

// countingReader reports every read to a Progress.
type countingReader struct {
	r io.Reader
	p Progress
}

func (p countingReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.p.Read(n)
	}
	return n, err
}
