package seed

import (
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// vocabTag is a tag of the synthetic vocabulary and the topic it belongs to.
type vocabTag struct {
	Name  string
	Topic int
}

var (
	// topics is every topic, the more popular first.
	topics = interleaveTopics()
	// vocab lists every tag, the more popular first: all main tags, then all
	// second tags, and so on, so a Zipf draw over it favours main tags.
	vocab = buildVocab()
	// vocabIndex finds a tag's index in vocab.
	vocabIndex = func() map[string]int16 {
		m := make(map[string]int16, len(vocab))
		for i, t := range vocab {
			m[t.Name] = int16(i)
		}
		return m
	}()
)

func interleaveTopics() []*topic {
	order := []*topic{}
	it, work := itTopics, workTopics
	for _, i := range []int{0, 1, 2, 3, 4, 5} {
		order = append(order, &it[i])
	}
	order = append(order, &work[0], &it[6], &work[1], &it[7], &it[8], &work[2], &it[9], &work[3], &it[10], &it[11])
	for i := 4; i < len(work); i++ {
		order = append(order, &work[i])
	}
	return order
}

func buildVocab() []vocabTag {
	var out []vocabTag
	seen := map[string]bool{}
	add := func(name string, topic int) {
		if !seen[name] {
			seen[name] = true
			out = append(out, vocabTag{Name: name, Topic: topic})
		}
	}
	for rank := 0; ; rank++ {
		added := false
		for ti, t := range topics {
			if rank < len(t.Tags) {
				add(t.Tags[rank], ti)
				added = true
			}
		}
		if !added {
			break
		}
	}
	for _, p := range platforms {
		add(p.Tag, -1)
	}
	return out
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// pickN returns n distinct elements of xs in random order (all of them if fewer).
func pickN[T any](r *rand.Rand, xs []T, n int) []T {
	if n > len(xs) {
		n = len(xs)
	}
	idx := r.Perm(len(xs))[:n]
	out := make([]T, n)
	for i, j := range idx {
		out[i] = xs[j]
	}
	return out
}

// capitalize upper-cases the first letter.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// expand fills {office} and {platform} in a phrase. {platform} names plat if
// it is a desktop system, else a random one: contexts speak of laptops.
func expand(r *rand.Rand, s string, de bool, plat *platform) string {
	if !strings.Contains(s, "{") {
		return s
	}
	if strings.Contains(s, "{office}") {
		s = strings.ReplaceAll(s, "{office}", pick(r, offices).in(de))
	}
	if strings.Contains(s, "{platform}") {
		p := plat
		for p == nil || p.OS != "desktop" {
			p = &platforms[r.IntN(len(platforms))]
		}
		s = strings.ReplaceAll(s, "{platform}", p.Name)
	}
	return s
}

// genQuestion writes a question about topic t: a how-to, or a problem report.
func genQuestion(r *rand.Rand, t *topic, de, howto bool, plat *platform) (string, *mdoc) {
	d := &mdoc{}
	var title string
	closings := closings
	if !howto {
		pr := pick(r, t.Problems)
		thing, symptom, when := pr.Thing.in(de), pick(r, pr.Symptoms).in(de), pick(r, whens).in(de)
		subject := capitalize(thing) + " " + symptom
		switch k := r.IntN(4); {
		case k == 1 && de:
			title = subject + " seit " + when
		case k == 1:
			title = subject + " since " + when
		case k == 2 && plat != nil && de:
			title = subject + " unter " + plat.Name
		case k == 2 && plat != nil:
			title = subject + " on " + plat.Name
		default:
			title = subject
		}
		first := subject + " since " + when + "."
		if de {
			first = subject + ", und zwar seit " + when + "."
		}
		d.para(withContext(r, first, de, plat))
		if len(t.Errors) > 0 && r.IntN(10) < 6 {
			msg := pick(r, t.Errors)
			d.para(pickLang(de, "The exact message is `"+msg+"`.", "Die genaue Meldung lautet: `"+msg+"`."))
		}
		if r.IntN(2) == 0 {
			from := tried
			if t.Business {
				from = triedBusiness
			}
			items := pickN(r, from, 2+r.IntN(2))
			list := make([]string, len(items))
			for i, it := range items {
				list[i] = it.in(de)
			}
			d.para(pickLang(de, "What I tried so far:", "Was ich schon probiert habe:"))
			d.bullets(list)
		}
	} else {
		closings = howtoClosings
		task := pick(r, t.Tasks).in(de)
		switch r.IntN(3) {
		case 0:
			title = pickLang(de, "How do I "+task+"?", "Wie kann ich "+task+"?")
		case 1:
			title = pickLang(de, "Is it possible to "+task+"?", "Kann ich "+task+"?")
		default:
			title = pickLang(de, "What is the right way to "+task+"?", capitalize(task)+" – wie geht das?")
		}
		var first string
		switch r.IntN(3) {
		case 0:
			first = pickLang(de, "I need to "+task+", but I cannot find instructions on the intranet.",
				"Ich muss "+task+", finde aber keine Anleitung im Intranet.")
		case 1:
			first = pickLang(de, "I have to "+task+" by Friday. Is there a standard way to do this?",
				"Ich muss "+task+", und zwar bis Freitag. Gibt es dafür einen Standardweg?")
		default:
			first = pickLang(de, "Is there a self-service way to "+task+", or do I need to open a ticket?",
				"Ich möchte "+task+". Geht das per Self-Service, oder muss ich dafür ein Ticket aufmachen?")
		}
		d.para(withContext(r, first, de, plat))
		if len(t.Errors) > 0 && r.IntN(10) < 3 {
			msg := pick(r, t.Errors)
			d.para(pickLang(de, "When I tried, I got `"+msg+"`.", "Beim Versuch kam die Meldung `"+msg+"`."))
		}
	}
	d.para(pick(r, closings).in(de))
	if utf8.RuneCountInString(title) > 150 {
		title = string([]rune(title)[:149]) + "…"
	}
	return title, d
}

// withContext appends zero to two context sentences to a first sentence.
func withContext(r *rand.Rand, first string, de bool, plat *platform) string {
	n := r.IntN(3)
	if n == 0 {
		return first
	}
	parts := []string{first}
	for _, c := range pickN(r, contexts, n) {
		parts = append(parts, expand(r, c.in(de), de, plat))
	}
	return strings.Join(parts, " ")
}

func pickLang(de bool, en, german string) string {
	if de {
		return german
	}
	return en
}

// genAnswer writes an answer to a how-to or problem question about topic t.
func genAnswer(r *rand.Rand, t *topic, de, howto bool) *mdoc {
	d := &mdoc{}
	switch {
	case howto:
		d.para(expand(r, pick(r, howtoOpeners).in(de), de, nil))
	case t.Business:
		d.para(pick(r, businessOpeners).in(de))
	default:
		d.para(pick(r, openers).in(de))
	}
	steps := pickN(r, t.Steps, 2+r.IntN(3))
	if r.IntN(4) < 3 && len(steps) >= 2 {
		d.para(pick(r, stepIntros).in(de))
		list := make([]string, len(steps))
		for i, s := range steps {
			list[i] = s.in(de)
		}
		d.ordered(list)
	} else {
		d.para(steps[0].in(de))
	}
	if len(t.Code) > 0 && r.IntN(10) < 3 {
		d.para(pick(r, codeIntros).in(de))
		d.code(snippets[pick(r, t.Code)])
	}
	if r.IntN(10) < 6 {
		d.para(pick(r, answerClosers).in(de))
	}
	return d
}

// genComment writes a short comment.
func genComment(r *rand.Rand, de bool) string {
	return expand(r, pick(r, comments).in(de), de, nil)
}
