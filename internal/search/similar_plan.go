package search

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	index "github.com/blevesearch/bleve_index_api"
)

// simWord is one word of a Similar query with the fields it is looked up
// in.
type simWord struct {
	en, de []string // its terms (one or none per language)
	fields []textField
	tags   []string // Suggest: tags the word names alone or with its neighbours
	stop   bool     // a stop word, planned for the tag it names alone
	own    bool     // Related: one of the question's own tags, planned alone
	common bool     // Related: an own tag on many questions (commonTag), no way in alone
	number bool     // Suggest: a bare number (bareNumber), for ranking only
	body   bool     // Similar: a word of the body, not of the title
	// frequent: a word in the titles of as many questions as a common tag
	// (CommonTag): Related takes it for no telling word beside one.
	frequent bool
	df       float64 // postings of its candidate clauses and tags: 0 when no question has it
	idf      float64 // its highest inverse document frequency over those fields
}

// simClause is one candidate lookup: a word in one field.
type simClause struct {
	word  int // index into the plan
	field textField
	cost  float64 // postings Bleve will walk
	value float64 // field weight × BM25 idf
}

// planSimilar chooses which words to look up in which fields. Bleve scores
// every posting of every clause, so the cost of a query is the sum of its
// clauses' document frequencies. Candidate clauses are (title word: title,
// body, accepted answer) and (body word: title, body), for the title's
// words and the body's first similarBodyTerms distinct words; they are
// taken in order of value (weight × idf) while the total cost stays within
// similarBudget postings. A small index fits whole; on a large one the
// common words are dropped first, from the big fields first. unknown counts
// the title's words no question holds (they are left out of the plan).
//
// Stop words of both languages are left out (stopWord), except that a
// title word naming a tag some question has ("war", "it") still finds
// that tag (and nothing else). Each title word is looked up among the tags
// too, alone and joined with its neighbours ("purchase order" is the tag
// purchase-order, "printers" the tag printer): tags are how a title or problem typed in one language finds a
// question written in the other. For Suggest (a problem typed on Get
// help, in the title) and for Similar's title words a plan also reads a
// word no question holds as the nearest word some question holds when one
// is a letter or two away (a typo), at most maxTypos words. A title word
// that names no tag names the tag whose name stems as the word (or the
// word its typo was read as) does (addStemTags): "kubernets" and
// "kuberntes" are the tag kubernetes, as "kubernetes" is.
//
// tags (Related: the question's own tags) are looked up as tags alone,
// each a word of the plan of its own (own: similarQuery makes it a way in
// apart from the words), the rarest first while their questions stay within
// relatedTagBudget; with tags (even none) the words' budget is
// relatedBudget, a fifth of similarBudget: Related runs on every question
// page, and reads the rarest words of a title, the telling ones, all the
// same. Related, like Suggest, leaves out the filler words of a problem
// (problemFiller), and bare numbers too ("every 10 minutes", "at 10:00",
// see bareNumber): they say nothing of what a question is about; Suggest
// and Similar plan them (number) to rank by, never to count. Related reads no typos.
func (ix *Index) planSimilar(ctx context.Context, titleWords, bodyWords, tags []string, suggest bool) (plan []simWord, unknown int, err error) {
	var cands []simClause
	seen := map[string]int{}
	typos := 0             // words looked up as typos
	related := tags != nil // Related (see similarQuery)
	st, err := ix.newStats(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer st.close()
	lookup := func(i int, fields []textField) {
		w := &plan[i]
		for _, f := range fields {
			dfEN, dfDE := st.docFreq(firstOr(w.en, ""), f.en), 0.0
			if f.de != "" {
				dfDE = st.docFreq(firstOr(w.de, ""), f.de)
			}
			idf := max(st.idf(dfEN), st.idf(dfDE))
			w.idf = max(w.idf, idf)
			cands = append(cands, simClause{i, f, dfEN + dfDE, f.w * idf})
			w.df += dfEN + dfDE
			if f.en == fTitleEN {
				w.frequent = CommonTag(max(dfEN, dfDE), st.n)
			}
		}
	}
	// add plans the words ws (up to limit distinct ones) and returns the
	// plan index of each, -1 for a word left out; with tagged (the title's
	// words, which name tags) a stop word that names a tag is planned for
	// its tag alone.
	add := func(ws []string, fields []textField, limit int, tagged bool) []int {
		pos := make([]int, len(ws))
		n := 0
		for j, w := range ws {
			pos[j] = -1
			if n == limit {
				continue
			}
			if ix.stopWord(w) {
				// A stop word that names a tag ("war", "it", "im") finds
				// that tag, and only it: its text would match anything.
				if !tagged || !st.isTag(w) {
					continue
				}
				key := "\x00\x00" + normalizeTag(w)
				if i, ok := seen[key]; ok {
					pos[j] = i
					continue
				}
				n++
				plan = append(plan, simWord{stop: true})
				seen[key], pos[j] = len(plan)-1, len(plan)-1
				continue
			}
			if (suggest || related) && problemFiller[typedForm(w)] {
				continue
			}
			number := bareNumber(w)
			if related && number {
				continue // a number ("10 minutes", "at 10:00") says nothing of the topic
			}
			en, de := analyze(ix.en, w), analyze(ix.de, w)
			if len(en)+len(de) == 0 {
				continue
			}
			key := firstOr(en, "") + "\x00" + firstOr(de, "")
			if i, ok := seen[key]; ok {
				pos[j] = i
				continue
			}
			n++
			plan = append(plan, simWord{en: en, de: de, number: number, body: !tagged})
			i := len(plan) - 1
			seen[key], pos[j] = i, i
			lookup(i, fields)
			// Typos: Suggest's words and Similar's title words (Related reads none).
			limit := maxTypos
			if !suggest {
				limit = maxTitleTypos
			}
			if (suggest || tagged && !related) && plan[i].df == 0 && typos < limit && !st.isTag(w) { // a tag is no typo (addTags finds it)
				typos++
				if _, c := ix.nearestWord(st, w); c != "" {
					cands = cands[:len(cands)-len(fields)]
					if k := slices.IndexFunc(plan[:i], func(w simWord) bool { return firstOr(w.en, "") == c }); k >= 0 {
						// A typo of a word typed already ("printer pritner") is that word.
						plan = plan[:i]
						seen[key], pos[j] = k, k
						n--
						continue
					}
					plan[i] = simWord{en: []string{c}}
					lookup(i, fields)
				}
			}
		}
		return pos
	}
	pos := add(titleWords, []textField{
		{fTitleEN, fTitleDE, wSimTitleInTitle},
		{fBodyEN, "", wSimTitleInBody},
		{fAcceptedEN, "", wSimTitleInAcc},
	}, maxQueryTerms, true)
	add(bodyWords, []textField{
		{fTitleEN, fTitleDE, wSimBodyInTitle},
		{fBodyEN, "", wSimBodyInBody},
	}, similarBodyTerms, false)
	// The title's words name tags too: "Printer on floor 2 prints blank
	// pages" finds the German question filed under [printer].
	st.addTags(plan, titleWords, pos)
	if !related {
		ix.addStemTags(st, plan, titleWords, pos)
	}
	if related {
		// A common tag a title word names would relate every question
		// filed under it (see CommonTag): the word is its text alone.
		for i := range plan {
			plan[i].tags = slices.DeleteFunc(plan[i].tags, func(t string) bool { return CommonTag(st.docFreq(t, fTags), st.n) })
		}
	}
	st.addOwnTags(&plan, tags)

	slices.SortStableFunc(cands, func(a, b simClause) int {
		switch {
		case a.value > b.value:
			return -1
		case a.value < b.value:
			return 1
		}
		return 0
	})
	budget := float64(similarBudget)
	if tags != nil {
		budget = relatedBudget // Related: on every question page
	}
	for _, c := range cands {
		if c.cost > budget || c.value <= 0 {
			continue
		}
		budget -= c.cost
		plan[c.word].fields = append(plan[c.word].fields, c.field)
	}
	for _, w := range plan {
		// The title's words count (Similar's body words count for no share),
		// a number for nothing in any share.
		if w.df == 0 && !w.number && !w.body {
			unknown++
		}
	}
	return slices.DeleteFunc(plan, func(w simWord) bool { return len(w.fields) == 0 && len(w.tags) == 0 }), unknown, nil
}

// addOwnTags plans tags (a question's own) as words of their own (own)
// that match the tag field alone, the rarest first, while the sum of their
// document frequencies stays within relatedTagBudget; a tag no question
// has is left out. A tag on many questions is marked common (commonTag):
// it relates a question only with a telling word (see similarQuery). A tag
// a title word names stays among that word's tags too (it counts as the
// word there).
func (st *termStats) addOwnTags(plan *[]simWord, tags []string) {
	type tagDF struct {
		tag string
		df  float64
	}
	var cands []tagDF
	for _, t := range tags {
		t = normalizeTag(t)
		if t == "" || slices.ContainsFunc(cands, func(c tagDF) bool { return c.tag == t }) {
			continue
		}
		if df := st.docFreq(t, fTags); df > 0 {
			cands = append(cands, tagDF{t, df})
		}
	}
	slices.SortStableFunc(cands, func(a, b tagDF) int { return cmp.Compare(a.df, b.df) })
	budget := float64(relatedTagBudget)
	for _, c := range cands {
		if c.df > budget {
			break
		}
		budget -= c.df
		*plan = append(*plan, simWord{tags: []string{c.tag}, stop: true, own: true, common: CommonTag(c.df, st.n), df: c.df, idf: st.idf(c.df)})
	}
}

// CommonTag reports whether a tag on df of n questions is too common to
// relate two questions alone (Related): on more than commonTagShare of
// them and more than commonTagMin. Two questions both tagged windows, or
// plutus on a Cardano site, may share nothing else; one tagged
// single-sign-on is about what the other is. On a small site every tag is
// rare enough.
func CommonTag(df, n float64) bool { return df > max(commonTagMin, commonTagShare*n) }

// tagOrSingular returns the tag a word names, with its document frequency:
// the word itself when some question has that tag, else its singular
// ("printers": printer) when one has that.
func (st *termStats) tagOrSingular(tag string) (string, float64) {
	df := st.docFreq(tag, fTags)
	if s, ok := strings.CutSuffix(tag, "s"); df == 0 && ok && normalizeTag(s) == s {
		if sdf := st.docFreq(s, fTags); sdf > 0 {
			return s, sdf
		}
	}
	return tag, df
}

// isTag reports whether a word names a tag some question has (alone, or
// as its singular).
func (st *termStats) isTag(word string) bool {
	t := normalizeTag(word)
	if t == "" {
		return false
	}
	_, df := st.tagOrSingular(t)
	return df > 0
}

// maxTagWords is how many neighbouring words a tag may join.
const maxTagWords = 3

// addTags gives the planned words the tags they name: each word (or its
// singular), and each run of up to maxTagWords neighbours joined by hyphens
// (or run together), that is the tag of some question. words are the words
// as typed, pos their plan indices (-1 for none); a run's tag goes to each
// of its planned words (a question filed under scan-to-email matches the
// words scan and email). A tag counts once: named again by another word or
// run ("printer printers", "wifi wi-fi"), it goes to no more words (each
// would be one more word matched, Bleve's coordination, and its score once
// more), though those words are known to the site.
func (st *termStats) addTags(plan []simWord, words []string, pos []int) {
	named := map[string]bool{}
	for i := range words {
		for n := 1; n <= maxTagWords && i+n <= len(words); n++ {
			tag := normalizeTag(strings.Join(words[i:i+n], "-"))
			if tag == "" {
				continue
			}
			var df float64
			if n == 1 {
				tag, df = st.tagOrSingular(tag)
			} else if df = st.docFreq(tag, fTags); df == 0 {
				// Words a hyphen split: "wi-fi" is the tag wifi.
				if joined := normalizeTag(strings.Join(words[i:i+n], "")); joined != "" {
					tag, df = joined, st.docFreq(joined, fTags)
				}
			}
			if df == 0 {
				continue
			}
			again := named[tag]
			named[tag] = true
			for _, p := range pos[i : i+n] {
				if p < 0 || slices.Contains(plan[p].tags, tag) {
					continue
				}
				if !again {
					plan[p].tags = append(plan[p].tags, tag)
				}
				plan[p].df += df
				plan[p].idf = max(plan[p].idf, st.idf(df))
			}
		}
	}
}

// addStemTags gives each planned title word that names no tag (alone or
// with its neighbours, see addTags) the tag whose name analyzes to the
// word's term (stemTag), so a misspelt word, whether the stemmer folds it
// ("kubernets") or it was read as a typo ("kuberntes"), weighs as the tag
// it stands for. A tag counts once, as in addTags.
func (ix *Index) addStemTags(st *termStats, plan []simWord, words []string, pos []int) {
	named := map[string]bool{}
	for _, w := range plan {
		for _, t := range w.tags {
			named[t] = true
		}
	}
	for j := range words {
		p := pos[j]
		if p < 0 || len(plan[p].tags) > 0 || plan[p].stop || len(plan[p].en) == 0 || plan[p].number {
			continue
		}
		t, df := ix.stemTag(st, plan[p].en[0])
		if t == "" || named[t] {
			continue
		}
		named[t] = true
		plan[p].tags = append(plan[p].tags, t)
		plan[p].df += df
		plan[p].idf = max(plan[p].idf, st.idf(df))
	}
}

// problemFiller are words of a problem typed on Get help that say nothing
// about it, beyond the stop words of both languages (stopWord):
// courtesies, urgency, "problem" itself. Counted as words they made half
// the words of "please help my laptop is very slow" match any laptop
// question.
var problemFiller = map[string]bool{
	"please": true, "pls": true, "help": true, "hi": true, "hello": true, "hey": true, "thanks": true, "thank": true,
	"urgent": true, "urgently": true, "asap": true, "get": true, "got": true, "one": true, "need": true,
	"want": true, "problem": true, "problems": true, "issue": true, "issues": true, "very": true, "still": true,
	"bitte": true, "hilfe": true, "danke": true, "hallo": true, "dringend": true,
	"problemen": true, "geht": true, "immer": true,
}

// identifierDigits is the run of digits from which a word without letters
// is an identifier rather than a number: an error or event code ("error
// 10016", "80070005"), a build ("10.0.19045"), a ticket or order number.
// Shorter ones are counts, times, sizes, floors, years and versions ("every
// 10 minutes", "at 10:00", "Office 2019", "30.000 Zeilen", "Windows 11"),
// which many questions mention whatever they are about. A code with
// letters ("0x80070005", "E404", "win10") is a word anyway.
const identifierDigits = 5

// bareNumber reports whether a word is a number and not an identifier: no
// letter, and no run of identifierDigits digits or more (the separators a
// number is written with, "1,000", "30.000", "10:00", "2.5", do not join
// runs, so quantities and dates in either language stay numbers). Get
// help, Similar (the ask page) and Related do not count such a word among
// a problem's or title's words, nor as a specific one: "error 10" is about
// an error, not about every question that mentions 10. Get help and
// Similar still rank by it.
func bareNumber(w string) bool {
	if strings.IndexFunc(w, unicode.IsLetter) >= 0 {
		return false
	}
	run := 0
	for _, r := range w {
		if r < '0' || r > '9' {
			run = 0
			continue
		}
		if run++; run >= identifierDigits {
			return false
		}
	}
	return true
}

// functionWords are function words that one language's analysis keeps:
// the negations and contractions people type without an apostrophe
// ("cant", "im"), and German words missing from Bleve's German stop list
// ("ab", "mal"). German stop words the English analysis keeps ("im",
// "mit", "zu") are found by analysis (stopWord).
var functionWords = map[string]bool{
	"cant": true, "dont": true, "doesnt": true, "didnt": true, "wont": true, "isnt": true, "im": true, "ive": true,
	"ab": true, "mal": true,
}

// germanStopButEnglish are German stop words that are English or
// technical words too ("man page", "Red Hat", "/usr/bin", DES, du): a
// query keeps them.
var germanStopButEnglish = map[string]bool{"die": true, "man": true, "hat": true, "bin": true, "des": true, "du": true, "will": true}

// stopWord reports whether a word typed in a title or a problem is a stop
// word of either language: one the German analysis drops (its stop words
// and the English ones) or a function word (functionWords). Only the
// English analysis keeps "im" or "mit", so without this "Kaffeemaschine
// im Hotel kaputt" found every German question with "im" in its title.
// Similar and Suggest both leave these words out (one that names a tag
// finds only that tag, see planSimilar).
func (ix *Index) stopWord(w string) bool {
	if acronym(w) {
		return false // IM, ES, WAR, MIT: typed in capitals, a name, not "im"
	}
	t := typedForm(w)
	if functionWords[t] {
		return true
	}
	return len(analyze(ix.de, w)) == 0 && !germanStopButEnglish[t]
}

// acronym reports whether a word is typed in capitals (two letters or
// more, no lower-case letter), as names such as IM, ES or WAR are.
func acronym(w string) bool {
	letters := 0
	for _, r := range w {
		switch {
		case unicode.IsLower(r):
			return false
		case unicode.IsUpper(r):
			letters++
		}
	}
	return letters >= 2
}

// typedForm is a word lower-cased without apostrophes ("I'm" is "im").
func typedForm(w string) string { return strings.ToLower(strings.ReplaceAll(w, "'", "")) }

// maxTypos bounds the words of a problem looked up as typos (each is a
// walk of the term dictionaries), so that a line of gibberish costs little.
const maxTypos = 5

// maxTitleTypos is maxTypos for the title of a question being asked, looked
// up at every pause in the typing: a title with more words no question
// holds than this is new matter rather than typos.
const maxTitleTypos = 2

// nearestMin is the length (as typed) from which a word no question holds
// may be read as a typo of one some question holds, one letter away; from
// nearestMin2 on, two. Shorter words are too often real words the site
// does not hold ("blank" is not "black", "slow" not "show").
const (
	nearestMin  = 6
	nearestMin2 = 10
)

// nearestMax is the longest word (as typed) read as a typo: the automaton
// that finds the words two edits away grows with the word, and a longer
// "word" is a code, a path or a paste, not a misspelling (a 10,000-letter
// one took two seconds).
const nearestMax = 40

// notLetter reports whether r is no letter: a word holding a digit or a
// mark (an error code, a hash, text stacked with combining marks) is not
// read as a typo.
func notLetter(r rune) bool { return !unicode.IsLetter(r) }

// nearest returns the term of the fields (stems), starting with the same letter,
// that is fewest edits away from term (the analysed form of a word typed
// with typed letters) and most frequent among those; "" when none is close.
// nearestWord falls back on it when no word as written is close: a typo
// in a word's stem ("diconnects", one letter from the stem "disconnect" of
// "disconnecting", whose words are further) still reads as that stem.
func (st *termStats) nearest(term string, typed int, fields ...string) string {
	n := typed
	fz, ok := st.r.(index.IndexReaderFuzzy)
	if n < nearestMin || n > nearestMax || term == "" || !ok || strings.IndexFunc(term, notLetter) >= 0 {
		return ""
	}
	fuzziness := 1
	if n >= nearestMin2 {
		fuzziness = 2
	}
	first, _ := utf8.DecodeRuneInString(term)
	best, bestDist, bestDF := "", uint8(255), 0.0
	for _, f := range fields {
		d, fa, err := fz.FieldDictFuzzyAutomaton(f, term, fuzziness, string(first))
		if err != nil {
			continue
		}
		for e, err := d.Next(); err == nil && e != nil; e, err = d.Next() {
			ok, dist := fa.MatchAndDistance(e.Term)
			if !ok || e.Term == term {
				continue
			}
			if df := st.docFreq(e.Term, f); dist < bestDist || dist == bestDist && df > bestDF {
				best, bestDist, bestDF = e.Term, dist, df
			}
		}
		_ = d.Close()
	}
	return best
}

// nearestScan bounds the words nearestWord reads from the dictionary walk
// of one typo: the automaton keeps it to the words a letter or two away
// that start with the typo's letter, so this is a guard, not a limit met.
const nearestScan = 1000

// nearestWord returns the word of the questions' titles (as
// they write it, lower-case: fWords), starting with the same letter, that
// is fewest edits (a transposition is one) away from typed as typed, and
// the most frequent of those; with term, its English analysis, the term to
// search; "" when none is close. A typo is compared with words, not with
// the stems the text fields hold: "moderaton" is one letter from
// "moderation", but four from its stem "moder", and "electon" is nearer
// "election" than "electronics", whatever their stems. When no word is
// close, the typo's stem is compared with the stems (see nearest), and word
// is the nearest form questions spell that stem with ("" when no stored
// text shows one). Only words no question holds are read so (Search,
// Suggest, Similar's title words).
func (ix *Index) nearestWord(st *termStats, typed string) (word, term string) {
	typed = strings.ToLower(strings.Trim(typed, "?!,;:.()'\""))
	n := utf8.RuneCountInString(typed)
	fz, ok := st.r.(index.IndexReaderFuzzy)
	if n < nearestMin || n > nearestMax || !ok || strings.IndexFunc(typed, notLetter) >= 0 {
		return "", ""
	}
	fuzziness := 1
	if n >= nearestMin2 {
		fuzziness = 2
	}
	first, _ := utf8.DecodeRuneInString(typed)
	d, fa, err := fz.FieldDictFuzzyAutomaton(fWords, typed, fuzziness, string(first))
	if err != nil {
		return "", ""
	}
	defer d.Close()
	bestDist, bestDF := uint8(255), 0.0
	for i := 0; i < nearestScan; i++ {
		e, err := d.Next()
		if err != nil || e == nil {
			break
		}
		ok, dist := fa.MatchAndDistance(e.Term)
		if !ok || e.Term == typed || dist > bestDist || strings.IndexFunc(e.Term, notLetter) >= 0 {
			continue
		}
		// (The walk leaves DictEntry.Count unset.)
		if df := st.docFreq(e.Term, fWords); dist < bestDist || df > bestDF {
			ts := analyze(ix.en, e.Term)
			if len(ts) != 1 {
				continue // a stop word ("welche"), or no one term to search
			}
			word, term, bestDist, bestDF = e.Term, ts[0], dist, df
		}
	}
	if term == "" { // no word as written is close: perhaps the stem is
		if ts := analyze(ix.en, typed); len(ts) == 1 {
			if term = st.nearest(ts[0], n, fTitleEN, fBodyEN); term != "" {
				word = closestForm(typed, ix.surfaceForms(st, term))
			}
		}
	}
	return word, term
}

// firstOr returns the first element of s, or def.
func firstOr(s []string, def string) string {
	if len(s) == 0 {
		return def
	}
	return s[0]
}

// termStats reads document frequencies from one index snapshot.
type termStats struct {
	ctx context.Context
	r   index.IndexReader
	n   float64
}

// newStats opens a reader for document frequencies.
func (ix *Index) newStats(ctx context.Context) (*termStats, error) {
	adv, err := ix.idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("search: similar: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("search: similar: %w", err)
	}
	n, err := r.DocCount()
	if err != nil {
		_ = r.Close()
		return nil, fmt.Errorf("search: similar: %w", err)
	}
	return &termStats{ctx: ctx, r: r, n: float64(n)}, nil
}

// close releases the reader.
func (st *termStats) close() { _ = st.r.Close() }

// docFreq is the number of questions whose field holds term (0 on errors).
func (st *termStats) docFreq(term, field string) float64 {
	if term == "" {
		return 0
	}
	tfr, err := st.r.TermFieldReader(st.ctx, []byte(term), field, false, false, false)
	if err != nil {
		return 0
	}
	defer tfr.Close()
	return float64(tfr.Count())
}

// idf is BM25's inverse document frequency; 0 for a term in no document
// (it cannot match, so it is worth nothing).
func (st *termStats) idf(df float64) float64 {
	if df == 0 {
		return 0
	}
	return math.Log(1 + (st.n-df+0.5)/(df+0.5))
}
