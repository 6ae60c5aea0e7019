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

// BenchmarkRenderPathological measures 30,000-character posts of the runs
// goldmark alone reads in quadratic time, and of ordinary text, bounded
// (as Render) and with goldmark's own parsers, and the 2 KB post both ways.
func BenchmarkRenderPathological(b *testing.B) {
	ref := newMD(false)
	inputs := []struct{ name, src string }{
		{"links", fill("[](", pathologicalSize)},
		{"emphasis", fill("*a_", pathologicalSize)},
		{"ordinary", linearBaseline(pathologicalSize)},
		{"sample", samplePost},
	}
	for _, in := range inputs {
		b.Run(in.name+"/bounded", func(b *testing.B) {
			b.SetBytes(int64(len(in.src)))
			for b.Loop() {
				Render(in.src)
			}
		})
		b.Run(in.name+"/goldmark", func(b *testing.B) {
			b.SetBytes(int64(len(in.src)))
			for b.Loop() {
				render(ref, in.src)
			}
		})
	}
}
