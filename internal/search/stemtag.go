package search

// stemTagScan bounds the tags stemTag reads (those starting with the term).
const stemTagScan = 64

// stemTag returns the tag some question has whose name analyzes, in
// English, to term alone, the commonest such, with its document frequency:
// the tag a word stands for that stems as the tag does though spelled
// otherwise ("kubernets", or "kuberntes" read as the typo of "kubernetes",
// are the tag kubernetes). Only tags whose name starts with the term are
// read (a stem is most often the start of its word), at most stemTagScan.
func (ix *Index) stemTag(st *termStats, term string) (string, float64) {
	if term == "" {
		return "", 0
	}
	d, err := st.r.FieldDictPrefix(fTags, []byte(term))
	if err != nil {
		return "", 0
	}
	defer d.Close()
	best, bestDF := "", 0.0
	for n := 0; n < stemTagScan; n++ {
		e, err := d.Next()
		if err != nil || e == nil {
			break
		}
		if ts := analyze(ix.en, e.Term); len(ts) == 1 && ts[0] == term && float64(e.Count) > bestDF {
			best, bestDF = e.Term, float64(e.Count)
		}
	}
	return best, bestDF
}
