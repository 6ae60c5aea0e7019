package search

import (
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/length"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// Analyzer names stored in the index mapping.
const (
	analyzerEN    = "stackdesk_en"
	analyzerDE    = "stackdesk_de"
	analyzerWords = "stackdesk_words"
)

// wordsLengthFilter names the token filter that keeps the words a typo may
// be read as (see nearestWord): nearestMin-1 letters or more (a typo of
// nearestMin letters is one edit from them), and no longer than a typo read
// can be two edits from.
const wordsLengthFilter = "stackdesk_words_length"

// Field names in the index. Each text property is indexed twice, once per
// language analyzer, so a query can be matched in both languages.
const (
	fTitleEN     = "title_en"
	fTitleDE     = "title_de"
	fBodyEN      = "body_en"
	fBodyDE      = "body_de"
	fAnswersEN   = "answers_en"
	fAnswersDE   = "answers_de"
	fAcceptedEN  = "accepted_en"
	fAcceptedDE  = "accepted_de"
	fWords       = "words" // the title's words as written, lower-case, unstemmed: what a typo is read as
	fTags        = "tags"
	fAuthor      = "author_id"
	fScore       = "score"
	fAnswerCount = "answer_count"
	fAnswerScore = "answer_score"
	fHasAccepted = "has_accepted"
	fAnswered    = "answered" // accepted answer or an answer scored above 0
	fClosed      = "closed"
	fDuplicateOf = "duplicate_of"
	fDuplicate   = "duplicate"
	fCreated     = "created"
	fActivity    = "last_activity"

	fSortCreated  = "sort_created"
	fSortActivity = "sort_activity"
	fSortVotes    = "sort_votes"
	fCreatedDay   = "created_day"  // sort windows (sorted.go)
	fActivityDay  = "activity_day" // sort windows (sorted.go)
	fVotesDay     = "votes_day"    // sort windows (sorted.go)
)

// germanOnlyStopWords are German function words that are not also common
// English or technical words; the English analyzer drops them so German
// posts do not flood the English fields with "und", "der", "nicht".
// (Words like "die", "man", "bin", "hat", "will", "was" are kept.)
var germanOnlyStopWords = []any{
	"aber", "alle", "allem", "allen", "aller", "alles", "als", "andere",
	"anderem", "anderen", "anderer", "anderes", "auch", "auf", "aus", "bei",
	"bist", "damit", "dann", "der", "den", "dem", "das", "daß", "dass", "dein",
	"deine", "denn", "dessen", "dich", "dir", "diese", "diesem",
	"diesen", "dieser", "dieses", "doch", "dort", "durch", "ein", "eine",
	"einem", "einen", "einer", "eines", "einige", "einmal", "etwas", "euch",
	"für", "gegen", "gewesen", "habe", "haben", "hatte", "hatten", "hier",
	"hinter", "ich", "ihm", "ihn", "ihr", "ihre", "ihrem", "ihren", "ihrer",
	"indem", "ins", "ist", "jede", "jedem", "jeden", "jeder", "jedes",
	"jetzt", "kann", "kein", "keine", "keinem", "keinen", "keiner", "können",
	"könnte", "mein", "meine", "meinem", "meinen", "meiner", "mich", "mir",
	"muss", "musste", "nicht", "nichts", "noch", "nur", "oder", "ohne", "sehr",
	"seine", "seinem", "seinen", "seiner", "sich", "sie", "sind", "soll",
	"sollte", "sondern", "sonst", "über", "und", "uns", "unser", "unter",
	"viel", "vom", "von", "während", "waren", "weil", "welche", "welchem",
	"welchen", "welcher", "wenn", "werde", "werden", "wie", "wieder", "wir",
	"wird", "wo", "wollen", "wollte", "würde", "würden", "zum", "zur", "zwar",
	"zwischen",
}

// newMapping builds the index mapping. Changing anything here that alters
// what is indexed requires bumping indexVersion.
func newMapping() (*mapping.IndexMappingImpl, error) {
	im := bleveIndexMapping()
	// English: possessives, lower case, ß spelled ss, English and
	// German-only stop words, umlauts spelled without their dots, Porter
	// stemming (englishFilter), after a
	// faster word tokenizer than Bleve's.
	if err := im.AddCustomAnalyzer(analyzerEN, map[string]any{
		"type":          custom.Name,
		"tokenizer":     tokenizerName,
		"token_filters": []any{englishFilterName},
	}); err != nil {
		return nil, err
	}
	// German: bleve's "de" chain plus English stop words (English posts
	// must not fill the German fields with "the", "how", "to"), a few German
	// ones it lacks (germanStopFilter) and the participle folding of
	// participleFilter.
	if err := im.AddCustomAnalyzer(analyzerDE, map[string]any{
		"type":      custom.Name,
		"tokenizer": tokenizerName,
		"token_filters": []any{
			lowercase.Name, de.StopName, germanStopFilterName, en.StopName, de.NormalizeName,
			participleFilterName, de.LightStemmerName,
		},
	}); err != nil {
		return nil, err
	}
	// Words: the title's words as written, lower case, no stemming, no
	// stop words (too short), for reading typos as words. Bodies' words
	// too made indexing a fifth slower; a typo of a word only bodies hold
	// is read through its stem (see nearestWord).
	if err := im.AddCustomTokenFilter(wordsLengthFilter, map[string]any{
		"type": length.Name, "min": float64(nearestMin - 1), "max": float64(nearestMax + 2),
	}); err != nil {
		return nil, err
	}
	if err := im.AddCustomAnalyzer(analyzerWords, map[string]any{
		"type":          custom.Name,
		"tokenizer":     tokenizerName,
		"token_filters": []any{wordsLengthFilter, en.PossessiveName, lowercase.Name},
	}); err != nil {
		return nil, err
	}
	im.DefaultAnalyzer = analyzerEN
	im.ScoringModel = index.BM25Scoring

	dm := mapping.NewDocumentStaticMapping()
	dm.DefaultAnalyzer = analyzerEN
	addText(dm, "title", fTitleEN, fTitleDE, true)
	addText(dm, "body", fBodyEN, fBodyDE, true)
	dm.AddFieldMappingsAt("title", wordsField())
	addText(dm, "answers", fAnswersEN, fAnswersDE, false)
	addText(dm, "accepted", fAcceptedEN, fAcceptedDE, true)
	dm.AddFieldMappingsAt(fAuthor, keywordField(fAuthor, false))
	dm.AddFieldMappingsAt(fDuplicateOf, keywordField(fDuplicateOf, true))
	dm.AddFieldMappingsAt(fDuplicate, boolField(fDuplicate))

	tags := keywordField(fTags, true)
	// Tags score: a query word that names a question's tag is strong
	// evidence (wTagWord), and without frequencies and norms BM25 gives a
	// term no weight at all.
	tags.SkipFreqNorm = false
	dm.AddFieldMappingsAt(fTags, tags)

	dm.AddFieldMappingsAt(fScore, numField(fScore))
	dm.AddFieldMappingsAt(fAnswerCount, numField(fAnswerCount))
	answerScore := numField(fAnswerScore) // read for ranking, never filtered on
	answerScore.Index = false
	dm.AddFieldMappingsAt(fAnswerScore, answerScore)
	dm.AddFieldMappingsAt(fHasAccepted, boolField(fHasAccepted))
	dm.AddFieldMappingsAt(fAnswered, boolField(fAnswered))
	dm.AddFieldMappingsAt(fClosed, boolField(fClosed))
	dm.AddFieldMappingsAt(fCreated, dateField(fCreated, true, false))
	dm.AddFieldMappingsAt(fActivity, dateField(fActivity, false, true))
	// Sorts read one fixed-width keyword per question from doc values; a
	// numeric or date field would hold 16 prefix-coded terms each.
	for _, f := range []string{fSortCreated, fSortActivity, fSortVotes} {
		k := keywordField(f, false)
		k.DocValues = true
		dm.AddFieldMappingsAt(f, k)
	}

	for _, f := range []string{fCreatedDay, fActivityDay, fVotesDay} {
		dm.AddFieldMappingsAt(f, keywordField(f, false))
	}

	// No "_all" composite field: queries name their fields.
	dm.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())
	im.DefaultMapping = dm
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	return im, im.Validate()
}

// bleveIndexMapping returns an empty index mapping with nothing dynamic.
func bleveIndexMapping() *mapping.IndexMappingImpl {
	im := mapping.NewIndexMapping()
	im.DefaultField = fTitleEN
	return im
}

// addText maps one document property to an English and a German field.
// Only the English copy is stored (for snippets) and, when stored, keeps
// term vectors for phrase queries; the rest is kept lean for indexing speed.
func addText(dm *mapping.DocumentMapping, prop, enName, deName string, store bool) {
	enF := mapping.NewTextFieldMapping()
	enF.Name = enName
	enF.Analyzer = analyzerEN
	enF.Store = store
	enF.IncludeTermVectors = store
	enF.IncludeInAll = false
	enF.DocValues = false
	deF := mapping.NewTextFieldMapping()
	deF.Name = deName
	deF.Analyzer = analyzerDE
	deF.Store = false
	deF.IncludeTermVectors = false
	deF.IncludeInAll = false
	deF.DocValues = false
	dm.AddFieldMappingsAt(prop, enF)
	dm.AddFieldMappingsAt(deName, deF) // filled when the text shows German (lang.go)
}

// wordsField maps a text property to fWords as well: looked up only by
// term (no positions), and counted only by how many questions hold a word
// (no frequencies or norms).
func wordsField() *mapping.FieldMapping {
	f := mapping.NewTextFieldMapping()
	f.Name = fWords
	f.Analyzer = analyzerWords
	f.Store = false
	f.IncludeTermVectors = false
	f.IncludeInAll = false
	f.DocValues = false
	f.SkipFreqNorm = true
	return f
}

// keywordField maps a property indexed as one exact term.
func keywordField(name string, store bool) *mapping.FieldMapping {
	f := mapping.NewKeywordFieldMapping()
	f.Name = name
	f.Analyzer = keyword.Name
	f.Store = store
	f.DocValues = false
	f.IncludeInAll = false
	f.IncludeTermVectors = false
	f.SkipFreqNorm = true
	return f
}

// numField maps a stored numeric property used for range filters and
// re-ranking.
func numField(name string) *mapping.FieldMapping {
	f := mapping.NewNumericFieldMapping()
	f.Name = name
	f.Store = true
	f.DocValues = false
	f.IncludeInAll = false
	f.SkipFreqNorm = true
	return f
}

// boolField maps a stored, filterable boolean property.
func boolField(name string) *mapping.FieldMapping {
	f := mapping.NewBooleanFieldMapping()
	f.Name = name
	f.Store = true
	f.DocValues = false
	f.IncludeInAll = false
	f.SkipFreqNorm = true
	return f
}

// dateField maps a date property, indexed for range filters and/or
// stored for re-ranking.
func dateField(name string, index, store bool) *mapping.FieldMapping {
	f := mapping.NewDateTimeFieldMapping()
	f.Name = name
	f.Index = index
	f.Store = store
	f.DocValues = false
	f.IncludeInAll = false
	f.SkipFreqNorm = true
	return f
}
