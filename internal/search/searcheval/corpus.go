package searcheval

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"stackdesk/internal/search"
)

// sampler draws items in proportion to how often they were seen.
type sampler struct {
	items []string
	cum   []uint64 // cumulative counts
	// guide[k] is the first item whose cumulative count passes k*step, so
	// that draw searches only a few items (benchmarks draw billions).
	guide []int
	step  uint64
}

// guideSize is the number of guide entries of a sampler.
const guideSize = 1 << 16

// newSampler builds a sampler from counts (most frequent first, for
// reproducible ordering).
func newSampler(counts map[string]int) sampler {
	items := make([]string, 0, len(counts))
	for w := range counts {
		items = append(items, w)
	}
	slices.SortFunc(items, func(a, b string) int {
		if counts[a] != counts[b] {
			return counts[b] - counts[a]
		}
		return strings.Compare(a, b)
	})
	s := sampler{items: items, cum: make([]uint64, len(items))}
	var total uint64
	for i, w := range items {
		total += uint64(counts[w])
		s.cum[i] = total
	}
	s.step = max(1, total/guideSize)
	for k := uint64(0); k*s.step < total; k++ {
		i, _ := slices.BinarySearch(s.cum, k*s.step+1)
		s.guide = append(s.guide, i)
	}
	return s
}

// draw picks one item.
func (s sampler) draw(r *rand.Rand) string {
	x := r.Uint64N(s.cum[len(s.cum)-1])
	k := x / s.step
	lo, hi := s.guide[k], len(s.cum)
	if k+1 < uint64(len(s.guide)) {
		hi = s.guide[k+1] + 1
	}
	i, _ := slices.BinarySearch(s.cum[lo:hi], x+1)
	return s.items[lo+i]
}

// words draws n items joined by spaces.
func (s sampler) words(r *rand.Rand, n int) string {
	var b strings.Builder
	b.Grow(n * 8)
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s.draw(r))
	}
	return b.String()
}

// Vocab is the word and tag distribution of real dumps, from which
// synthetic questions of any number are generated for benchmarks.
type Vocab struct {
	title, body, tags sampler
	seed              uint64
}

// LoadVocab reads the dumps and counts their title words, body and answer
// words, and tags.
func LoadVocab(dumps []*Dump) (*Vocab, error) {
	tw, bw, tg := map[string]int{}, map[string]int{}, map[string]int{}
	for _, d := range dumps {
		for _, doc := range d.Docs {
			for _, w := range strings.Fields(doc.Title) {
				tw[w]++
			}
			for _, text := range []string{doc.Body, doc.Accepted, doc.Answers} {
				for _, w := range strings.Fields(text) {
					if len(w) <= 30 {
						bw[w]++
					}
				}
			}
			for _, t := range doc.Tags {
				tg[t]++
			}
		}
	}
	if len(tw) == 0 || len(bw) == 0 || len(tg) == 0 {
		return nil, fmt.Errorf("searcheval: vocab: no words in dumps")
	}
	return &Vocab{title: newSampler(tw), body: newSampler(bw), tags: newSampler(tg), seed: 20240601}, nil
}

// corpusStart is the creation date of the first generated question.
var corpusStart = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// Doc generates question id (deterministic: the same id gives the same
// document). Lengths are roughly those of the dumps: 4–12 title words,
// 30–280 body words, 0–3 answers of 20–170 words, half of the answered
// ones accepted, 1–4 tags.
func (v *Vocab) Doc(id int64) search.Document {
	r := rand.New(rand.NewPCG(v.seed, uint64(id)))
	d := search.Document{
		ID:       id,
		Title:    v.title.words(r, 4+r.IntN(9)),
		Body:     v.body.words(r, 30+r.IntN(250)),
		AuthorID: 1 + r.Int64N(5000),
		Score:    r.IntN(25) - 3,
		Created:  corpusStart.Add(time.Duration(r.Int64N(int64(5 * 365 * 24 * time.Hour)))),
	}
	d.LastActivity = d.Created.Add(time.Duration(r.Int64N(int64(365 * 24 * time.Hour))))
	d.AnswerCount = r.IntN(4)
	var others []string
	for i := range d.AnswerCount {
		text := v.body.words(r, 20+r.IntN(150))
		score := r.IntN(15) - 2
		if i == 0 || score > d.AnswerScore {
			d.AnswerScore = score
		}
		if i == 0 && r.IntN(2) == 0 {
			d.Accepted, d.HasAccepted = text, true
			continue
		}
		others = append(others, text)
	}
	d.Answers = strings.Join(others, "\n\n")
	for range 1 + r.IntN(4) {
		if t := v.tags.draw(r); !slices.Contains(d.Tags, t) {
			d.Tags = append(d.Tags, t)
		}
	}
	if r.IntN(20) == 0 {
		d.Closed = true
		if id > 1 && r.IntN(2) == 0 {
			d.DuplicateOf = 1 + r.Int64N(id-1)
		}
	}
	return d
}

// Queries returns n search-box queries in a fixed mix: 2–4 consecutive
// words of a generated title (70%), the same with a [tag] (10%), as an
// exact phrase (5%), with is:answered (5%), with score:1 (5%), and single
// words (5%).
func (v *Vocab) Queries(n int, docs int64) []string {
	r := rand.New(rand.NewPCG(v.seed, 7))
	out := make([]string, 0, n)
	for range n {
		d := v.Doc(1 + r.Int64N(docs))
		f := strings.Fields(d.Title)
		k := min(len(f), 2+r.IntN(3))
		at := r.IntN(len(f) - k + 1)
		words := strings.Join(f[at:at+k], " ")
		switch p := r.IntN(100); {
		case p < 70:
			out = append(out, words)
		case p < 80:
			out = append(out, "["+d.Tags[0]+"] "+words)
		case p < 85:
			out = append(out, `"`+strings.Join(f[at:at+min(k, 2)], " ")+`"`)
		case p < 90:
			out = append(out, "is:answered "+words)
		case p < 95:
			out = append(out, "score:1 "+words)
		default:
			out = append(out, f[at])
		}
	}
	return out
}

// Drafts returns n title/body pairs for Similar: new questions drawn from
// the same vocabulary, not in the index.
func (v *Vocab) Drafts(n int) [][2]string {
	out := make([][2]string, 0, n)
	for i := range n {
		d := v.Doc(int64(1<<40 + i))
		out = append(out, [2]string{d.Title, d.Body})
	}
	return out
}
