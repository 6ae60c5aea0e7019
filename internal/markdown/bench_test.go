package markdown

import "testing"

// BenchmarkRender measures rendering a realistic post end to end.
func BenchmarkRender(b *testing.B) {
	b.SetBytes(int64(len(samplePost)))
	b.ReportAllocs()
	for b.Loop() {
		Render(samplePost)
	}
}

// BenchmarkSanitizeHTML measures cleaning an already rendered post.
func BenchmarkSanitizeHTML(b *testing.B) {
	html := Render(samplePost)
	b.SetBytes(int64(len(html)))
	b.ReportAllocs()
	for b.Loop() {
		SanitizeHTML(html)
	}
}

// BenchmarkPlainText measures extracting search text from a post.
func BenchmarkPlainText(b *testing.B) {
	b.SetBytes(int64(len(samplePost)))
	b.ReportAllocs()
	for b.Loop() {
		PlainText(samplePost)
	}
}
