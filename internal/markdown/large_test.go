package markdown

import (
	"strings"
	"sync"
	"testing"
	"time"
)

// staircase builds lists nested ever deeper by indentation, the input shape
// that is slowest for goldmark.
func staircase(size int) string {
	var b strings.Builder
	for k := 0; b.Len() < size; k++ {
		b.WriteString(strings.Repeat(" ", 128*k) + strings.Repeat("- ", 64) + "x\n")
	}
	return b.String()
}

// TestRenderLargeInput feeds 1 MB pathological inputs to Render: each must
// finish and stay safe. Timings are logged, not asserted.
func TestRenderLargeInput(t *testing.T) {
	if testing.Short() {
		t.Skip("large inputs skipped in -short mode")
	}
	const mb = 1 << 20
	tests := []struct {
		name string
		src  string
	}{
		{name: "one line of blockquote markers", src: strings.Repeat(">", mb)},
		{name: "one line of mixed containers", src: strings.Repeat("> - 1. ", mb/7)},
		{name: "indentation staircase", src: staircase(mb)},
		{name: "deeply nested divs", src: strings.Repeat("<div>", mb/5)},
		{name: "open brackets", src: strings.Repeat("[", mb)},
		{name: "emphasis delimiters", src: strings.Repeat("**_", mb/3)},
		{name: "unclosed links", src: strings.Repeat("<a href=https://example.com/1>x", mb/33)},
		{name: "one huge code block", src: "```go\n" + strings.Repeat("func f() { x := `a` + \"b\" }\n", mb/30) + "```\n"},
		{name: "many code blocks", src: strings.Repeat("```go\nfunc f() { return }\n```\n", mb/30)},
		{name: "many code blocks in made-up languages", src: strings.Repeat("```zz\nx\n```\n", mb/12)},
		{name: "huge table", src: "|a|b|\n|-|-|\n" + strings.Repeat("|x|y|\n", mb/6)},
		{name: "angle brackets", src: strings.Repeat("<", mb)},
		{name: "NUL and invalid bytes", src: strings.Repeat("\x00\xff", mb/2)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			out := Render(tc.src)
			t.Logf("%d bytes in, %d bytes out, %v", len(tc.src), len(out), time.Since(start))
			if bad := unsafeReasons(out); bad != nil {
				t.Errorf("unsafe output: %v", bad[:min(len(bad), 5)])
			}
		})
	}
}

// TestRenderConcurrent checks the shared goldmark instance and policy give
// the same result from many goroutines (run with -race).
func TestRenderConcurrent(t *testing.T) {
	inputs := []string{samplePost, "<a href=\"https://x.example\" id=y>x</a>", "- [x] a\n- [ ] b", "```py\nprint(1)\n```"}
	want := make([]string, len(inputs))
	for i, in := range inputs {
		want[i] = Render(in)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 8; g++ {
		wg.Go(func() {
			for i := 0; i < 20; i++ {
				k := (g + i) % len(inputs)
				if got := Render(inputs[k]); got != want[k] {
					errs <- got
				}
				_ = PlainText(inputs[k])
				_ = ToMarkdown(want[k])
			}
		})
	}
	wg.Wait()
	close(errs)
	for got := range errs {
		t.Errorf("concurrent Render differs: %q", got)
	}
}
