package seed

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Shape of the synthetic site.
const (
	questionShare   = 0.27 // of all posts; the rest are answers
	postsPerUser    = 20
	commentsPerPost = 0.3
	acceptShare     = 0.4 // of answered questions
	synthWindow     = 2 * 365 * 24 * time.Hour
)

// pPost is one planned question or answer; times are Unix microseconds.
type pPost struct {
	at       int64
	seed     uint64
	parent   int32 // index of the question, -1 for a question
	owner    int32 // index into plan.users
	accepted int32 // questions: index of the accepted answer, else -1
	views    int32
	topic    int16
	tags     [4]int16 // indices into vocab
	nTags    uint8
	plat     int8 // index into platforms, -1 for none
	de       bool
	howto    bool // a how-to question (or an answer to one), else a problem report
}

func (p *pPost) isQuestion() bool { return p.parent < 0 }

// pComment is one planned comment; batch is the transaction that writes it.
type pComment struct {
	at    int64
	seed  uint64
	post  int32
	owner int32
	batch int32
	de    bool
}

// pUser is one planned account.
type pUser struct {
	username, display, email, about, lang string
	created                               int64
}

// plan is the whole synthetic data set but its text: posts in time order,
// comments in write order, and the users who wrote them.
type plan struct {
	posts     []pPost
	comments  []pComment
	users     []pUser
	batchSize int
	tagFirst  map[int16]int64 // vocabulary tag → first use
}

func (p *plan) batches() int { return (len(p.posts) + p.batchSize - 1) / p.batchSize }

// newPlan draws n posts over the two years before now. taken holds the
// usernames and e-mail addresses that exist already.
func newPlan(r *rand.Rand, n, batchSize int, now time.Time, taken map[string]bool) *plan {
	p := &plan{batchSize: batchSize, tagFirst: map[int16]int64{}}
	end := now.UnixMicro() - int64(time.Minute/time.Microsecond)
	start := end - synthWindow.Microseconds()
	p.users = planUsers(r, max(5, n/postsPerUser), taken)
	nq := min(n, max(1, int(math.Round(float64(n)*questionShare))))
	na := n - nq

	nu := len(p.users)
	askRank, answerRank := r.Perm(nu), r.Perm(nu)
	askZipf := rand.NewZipf(r, 1.1, 20, uint64(nu-1))
	answerZipf := rand.NewZipf(r, 1.2, 3, uint64(nu-1))
	experts := make([][]int, len(topics))
	for i := range experts {
		experts[i] = r.Perm(nu)[:max(2, nu/30)]
	}
	expertZipf := rand.NewZipf(r, 1.3, 1, uint64(len(experts[0])-1))
	tagZipf := rand.NewZipf(r, 1.15, 2, uint64(len(vocab)-1))
	userDE := make([]bool, nu)
	for i, u := range p.users {
		userDE[i] = u.lang == "de"
	}

	posts := make([]pPost, 0, n)
	for range nq {
		q := pPost{parent: -1, accepted: -1, seed: r.Uint64(), at: questionTime(r, start, end)}
		q.owner = int32(askRank[askZipf.Uint64()])
		q.de = r.Float64() < pickLangF(userDE[q.owner], 0.85, 0.06)
		q.howto = r.IntN(5) < 2
		p.drawTags(r, &q, tagZipf)
		posts = append(posts, q)
	}

	// Answers: most questions get one, popular ones many, recent ones often none.
	counts := make([]int, nq)
	var answered []int
	for i := range nq {
		unanswered := 0.1
		if end-posts[i].at < (72 * time.Hour).Microseconds() {
			unanswered = 0.5
		}
		if r.Float64() >= unanswered {
			answered = append(answered, i)
		}
	}
	if na > 0 && len(answered) == 0 {
		answered = append(answered, r.IntN(nq))
	}
	r.Shuffle(len(answered), func(i, j int) { answered[i], answered[j] = answered[j], answered[i] })
	answered = answered[:min(len(answered), na)]
	cum := make([]float64, len(answered))
	total := 0.0
	for i, q := range answered {
		counts[q] = 1
		total += math.Exp(r.NormFloat64() * 0.9)
		cum[i] = total
	}
	for range na - len(answered) {
		i := sort.SearchFloat64s(cum, r.Float64()*total)
		counts[answered[min(i, len(answered)-1)]]++
	}
	for qi := range nq {
		q := &posts[qi]
		for range counts[qi] {
			a := pPost{parent: int32(qi), accepted: -1, seed: r.Uint64(), topic: q.topic, plat: -1, de: q.de, howto: q.howto}
			a.at = after(r, q.at, end, 2.5*float64(time.Hour), 1.5)
			if r.IntN(10) < 6 {
				ex := experts[q.topic]
				a.owner = int32(ex[min(int(expertZipf.Uint64()), len(ex)-1)])
			} else {
				a.owner = int32(answerRank[answerZipf.Uint64()])
			}
			if a.owner == q.owner {
				a.owner = (a.owner + 1) % int32(nu)
			}
			posts = append(posts, a)
		}
	}

	// Time order, so ids ascend with time; parents are remapped.
	order := make([]int32, len(posts))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return cmpInt64(posts[a].at, posts[b].at) })
	newIndex := make([]int32, len(posts))
	for ni, oi := range order {
		newIndex[oi] = int32(ni)
	}
	p.posts = make([]pPost, len(posts))
	for ni, oi := range order {
		pp := posts[oi]
		if pp.parent >= 0 {
			pp.parent = newIndex[pp.parent]
		}
		p.posts[ni] = pp
	}

	// Acceptance, views, first uses of tags.
	answersOf := map[int32][]int32{}
	for i := range p.posts {
		if pp := &p.posts[i]; !pp.isQuestion() {
			answersOf[pp.parent] = append(answersOf[pp.parent], int32(i))
		}
	}
	for i := range p.posts {
		q := &p.posts[i]
		if !q.isQuestion() {
			continue
		}
		as := answersOf[int32(i)]
		if len(as) > 0 && r.Float64() < acceptShare {
			q.accepted = as[0]
			if r.IntN(2) == 0 {
				q.accepted = as[r.IntN(len(as))]
			}
		}
		ageDays := float64(end-q.at) / float64(24*time.Hour/time.Microsecond)
		q.views = int32(3 + 9*len(as) + int(math.Exp(math.Log(25)+r.NormFloat64())*math.Min(1, ageDays/30+0.05)))
		for _, tg := range q.tags[:q.nTags] {
			if f, ok := p.tagFirst[tg]; !ok || q.at < f {
				p.tagFirst[tg] = q.at
			}
		}
	}

	p.planComments(r, n, end, answerRank, answerZipf)
	p.userCreation(r, start)
	return p
}

// drawTags picks one to four tags: a Zipf draw over the vocabulary, often the
// topic's main tag, related tags of the topic, and sometimes a platform.
func (p *plan) drawTags(r *rand.Rand, q *pPost, z *rand.Zipf) {
	q.plat = -1
	first := int16(z.Uint64())
	ti := vocab[first].Topic
	if ti < 0 { // a platform tag: ask about a topic that fits the platform
		for i, pl := range platforms {
			if pl.Tag == vocab[first].Name {
				q.plat = int8(i)
				break
			}
		}
		os := platforms[q.plat].OS
		for ti = r.IntN(len(topics)); topics[ti].OS != os; ti = r.IntN(len(topics)) {
		}
	}
	q.topic = int16(ti)
	t := topics[ti]
	add := func(name string) {
		idx := vocabIndex[name]
		for _, have := range q.tags[:q.nTags] {
			if have == idx {
				return
			}
		}
		if q.nTags < 4 {
			q.tags[q.nTags] = idx
			q.nTags++
		}
	}
	add(vocab[first].Name)
	if r.IntN(10) < 7 {
		add(t.Tags[0])
	}
	want := 1 + []int{0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3}[r.IntN(20)]
	for tries := 0; int(q.nTags) < want && tries < 8; tries++ {
		add(pick(r, t.Tags))
	}
	if t.OS != "" && q.plat < 0 && r.IntN(6) == 0 {
		for q.plat < 0 || platforms[q.plat].OS != t.OS {
			q.plat = int8(r.IntN(len(platforms)))
		}
		add(platforms[q.plat].Tag)
	}
}

// planComments puts about 0.3 comments per post on random posts, each in the
// batch that covers its time (or its post's batch, if that is later).
func (p *plan) planComments(r *rand.Rand, n int, end int64, answerRank []int, z *rand.Zipf) {
	nc := int(math.Round(float64(n) * commentsPerPost))
	p.comments = make([]pComment, 0, nc)
	for range nc {
		target := int32(r.IntN(len(p.posts)))
		tp := &p.posts[target]
		c := pComment{post: target, seed: r.Uint64(), de: tp.de}
		c.at = after(r, tp.at, end, 3*float64(time.Hour), 1.4)
		switch {
		case !tp.isQuestion() && r.IntN(20) < 9:
			c.owner = p.posts[tp.parent].owner
		default:
			c.owner = int32(answerRank[z.Uint64()])
		}
		idx := sort.Search(len(p.posts), func(i int) bool { return p.posts[i].at >= c.at }) - 1
		c.batch = int32(max(max(idx, 0)/p.batchSize, int(target)/p.batchSize))
		p.comments = append(p.comments, c)
	}
	slices.SortStableFunc(p.comments, func(a, b pComment) int {
		if a.batch != b.batch {
			return int(a.batch - b.batch)
		}
		return cmpInt64(a.at, b.at)
	})
}

// userCreation dates each account a little before its first post or comment.
func (p *plan) userCreation(r *rand.Rand, start int64) {
	first := make([]int64, len(p.users))
	for i := range first {
		first[i] = math.MaxInt64
	}
	for _, pp := range p.posts {
		first[pp.owner] = min(first[pp.owner], pp.at)
	}
	for _, c := range p.comments {
		first[c.owner] = min(first[c.owner], c.at)
	}
	day := (24 * time.Hour).Microseconds()
	for i := range p.users {
		if first[i] == math.MaxInt64 {
			first[i] = start + r.Int64N(synthWindow.Microseconds())
		}
		p.users[i].created = first[i] - day/24 - r.Int64N(60*day)
	}
}

// questionTime draws a time between start and end, denser towards the end (the
// site grows), mostly on working days and in working hours.
func questionTime(r *rand.Rand, start, end int64) int64 {
	day := (24 * time.Hour).Microseconds()
	for range 4 {
		t := start + int64(math.Pow(r.Float64(), 0.75)*float64(end-start))
		d := t / day
		if wd := (d + 4) % 7; (wd == 6 || wd == 0) && r.IntN(4) != 0 { // Saturday, Sunday
			continue
		}
		tod := r.Int64N(day)
		if r.IntN(10) < 9 {
			tod = (7*60+30)*int64(time.Minute/time.Microsecond) + r.Int64N((10*60+30)*int64(time.Minute/time.Microsecond))
		}
		if t = d*day + tod; t < end && t >= start {
			return t
		}
	}
	return start + r.Int64N(end-start)
}

// after draws a time after t with a log-normal delay (median in nanoseconds),
// kept before end.
func after(r *rand.Rand, t, end int64, median, sigma float64) int64 {
	delay := int64(math.Exp(math.Log(median)+sigma*r.NormFloat64()) / 1000)
	delay = max(delay, int64(time.Minute/time.Microsecond))
	if t+delay >= end {
		if end-t <= 2 {
			return t + 1
		}
		return t + 1 + r.Int64N(end-t-1)
	}
	return t + delay
}

// planUsers makes count accounts with names that are not taken.
func planUsers(r *rand.Rand, count int, taken map[string]bool) []pUser {
	users := make([]pUser, 0, count)
	for len(users) < count {
		first, last := pick(r, firstNames), pick(r, lastNames)
		base := asciiName(first) + "." + asciiName(last)
		name := base
		for k := 2; taken[name] || taken[name+"@example.com"]; k++ {
			name = base + strconv.Itoa(k)
		}
		taken[name], taken[name+"@example.com"] = true, true
		de := r.IntN(100) < 35
		u := pUser{username: name, display: first + " " + last, email: name + "@example.com"}
		if de {
			u.lang = "de"
		}
		u.about = pick(r, departments).in(de) + ", " + pick(r, offices).in(de)
		users = append(users, u)
	}
	return users
}

// asciiName lower-cases a name and spells it in ASCII letters for a username.
func asciiName(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		switch c {
		case 'ä':
			b.WriteString("ae")
		case 'ö':
			b.WriteString("oe")
		case 'ü':
			b.WriteString("ue")
		case 'ß':
			b.WriteString("ss")
		case 'ł':
			b.WriteByte('l')
		case 'ó':
			b.WriteByte('o')
		case 'í':
			b.WriteByte('i')
		case 'é':
			b.WriteByte('e')
		default:
			if c >= 'a' && c <= 'z' {
				b.WriteRune(c)
			}
		}
	}
	return b.String()
}

func pickLangF(de bool, ifDE, ifEN float64) float64 {
	if de {
		return ifDE
	}
	return ifEN
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
