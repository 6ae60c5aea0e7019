package search

// Relevance weights. RELEVANCE.md explains them and records the figures
// the duplicate-question eval reached with them.
//
// Text match (BM25, inside Bleve). Each query word is a group of term
// clauses, one per field and language (and the tags); the groups are
// OR-ed, so a question matching more of the words ranks higher (Bleve's
// coord factor), and within a group a word found in more fields counts
// more:
//
//	title          ×2.5  the question's own summary
//	body           ×1.0
//	accepted       ×0.7  the answer that solved it
//	other answers  ×0.3  long and noisy, but they hold the vocabulary
//	German fields  ×1.0  same weights as English (wGerman)
//	tag = word     ×0.5  a word that is also a tag name; a group of its own,
//	                     so it also counts as one more word matched
//	phrase         ×1.5  all words as a phrase in the title (optional clause)
//
// "This answers it" signals re-rank the top rerankDepth text hits in Go,
// as a multiplier on the text score, so the scale of BM25 does not matter:
//
//	factor = (1 + 0.25·accepted + 0.06·log2(1+bestAnswerScore⁺)
//	            + 0.03·log2(1+questionScore⁺) − 0.05·log2(1+questionScore⁻)
//	            + 0.10·2^(−days since last activity/365))      (at least 0.5)
//	         × 0.6  if closed as a duplicate (the original holds the answer)
//	         × 0.9  if closed otherwise
//	         × 0.85 if it has no answer at all
const (
	wTitle    = 2.5
	wBody     = 1.0
	wAccepted = 0.7
	wAnswers  = 0.3
	wPhrase   = 1.5
	wGerman   = 1.0
	wTagWord  = 0.5

	wHasAccepted   = 0.25
	wAnswerScore   = 0.06
	wQuestionScore = 0.03
	wNegScore      = 0.05
	wRecency       = 0.10
	recencyHalfDay = 365.0

	penaltyNoAnswer  = 0.85
	penaltyDuplicate = 0.6
	penaltyClosed    = 0.9

	// rerankDepth is how many text hits are re-ranked with the signals
	// (and counted for the tag facets); pages beyond it follow the plain
	// text order.
	rerankDepth = 200

	// searchBudget bounds the postings the optional lookups of a query
	// may walk (see wordGroups).
	searchBudget = 30000
)

// Similar-question weights: title words count fully, the first
// similarBodyTerms distinct words of the body (those not in the title)
// count less; answered questions get a bonus so that among close matches
// the one with an answer comes first. similarBudget bounds the postings a
// query may walk (about 0.3–0.5 µs each): it keeps Similar fast as the
// index grows, dropping the least telling lookups first.
const (
	wSimTitleInTitle  = 3.0
	wSimTitleInBody   = 1.0
	wSimTitleInAcc    = 0.5
	wSimBodyInTitle   = 0.6
	wSimBodyInBody    = 0.3
	wSimAnswered      = 0.3
	wSimTag           = 2.0  // Suggest: a word (or words) naming a tag of the question
	wTopic            = 0.01 // Suggest: the title-or-tag condition, a filter that barely scores
	wSimTagOnly       = 0.3  // Suggest: a question in through a tag alone, not half the words
	similarBodyTerms  = 40
	similarBudget     = 20000
	relatedBudget     = 4000 // Related: postings of the title's words (similarBudget's part)
	relatedTagBudget  = 2000 // Related: postings of a question's own tags
	commonTagShare    = 0.05 // Related: a tag on more of the questions (and more than commonTagMin) relates none alone
	commonTagMin      = 10
	similarTitleRunes = 300
	similarBodyRunes  = 3000
)
