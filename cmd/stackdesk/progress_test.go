package main

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/importer"
)

// TestImportBarShowsNoRateBeforeItCanMeasureOne: a file's bar shows no rate
// over its first instants (the first frame used to read 169 GB/s); once the
// warm-up has passed, the rate shown is at most what was read over it.
func TestImportBarShowsNoRateBeforeItCanMeasureOne(t *testing.T) {
	var out bytes.Buffer
	b := &bars{w: &out, term: true}
	start := time.Now()
	b.Start("Users.xml", 100<<20)
	b.Read(8 << 20)
	b.Read(8 << 20)
	if s := out.String(); !strings.Contains(s, "Users.xml") || strings.Contains(s, "/s") {
		t.Fatalf("the bar's first frames:\n%q\nwant the file at 0 %% without a rate", s)
	}
	// Fixed waits, not races: past the bar's redraw throttle (100 ms) but
	// within the warm-up no rate shows; past the warm-up the bar moves, and
	// a rate over that long is bounded.
	time.Sleep(200 * time.Millisecond)
	b.Read(1 << 20)
	// (A machine that stalled past the warm-up meanwhile may show one.)
	if s := out.String(); strings.Contains(s, "/s") && time.Since(start) < rateWarmUp {
		t.Fatalf("a rate within the warm-up:\n%q", s)
	}
	time.Sleep(rateWarmUp)
	b.Read(4 << 20)
	m := regexp.MustCompile(`\(([0-9.]+) MB/s\)`).FindAllStringSubmatch(out.String(), -1)
	if m == nil {
		t.Fatalf("no rate after the warm-up:\n%q", out.String())
	}
	rate, _ := strconv.ParseFloat(m[len(m)-1][1], 64)
	if max := float64(21<<20) / 1e6 / rateWarmUp.Seconds(); rate <= 0 || rate > max {
		t.Errorf("rate %.1f MB/s, want at most %.1f (21 MiB over the warm-up)", rate, max)
	}
	b.Finish(&importer.FileSummary{})
}
