package notify_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/markdown"
	"stackdesk/internal/notify"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestMentionsAreReadFromRenderedText reads mentions from the HTML a write
// renders and stores, before and after its mentions are linked.
func TestMentionsAreReadFromRenderedText(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"@ada can you help?", []string{"ada"}},
		{"Thanks @Bob_1 and @cy-d.", []string{"bob_1", "cy-d.", "cy-d"}},
		{"mail ada@example.com, not a mention", nil},
		{"(@ada) and again @ada", []string{"ada"}},
		{"`@ada` in code and\n```\n@bob in a block\n```\n@cyd after", []string{"cyd"}},
		{"@ab is too short, @" + "x", nil},
		// The text of a link is no mention (the page shows it as the
		// link's text): often another site's handle or a scoped package.
		{"[ask @bob](https://wiki.example.com/vpn) or @cyd", []string{"cyd"}},
		{"[ask *@bob*][wiki] and [@babel/core](https://npmjs.com)\n\n[wiki]: https://wiki.example.com", nil},
		{"    @bob in indented code\n\n@cyd", []string{"cyd"}},
	}
	for _, c := range cases {
		html := markdown.Render(c.text)
		if got := notify.Mentions(html); !slices.Equal(got, c.want) {
			t.Errorf("Mentions(Render(%q)) = %q, want %q", c.text, got, c.want)
		}
		// As stored: the mentions of people who exist are links.
		linked := markdown.LinkMentions(html, func(name string) (string, bool) { return "/users/7", name != "nobody" })
		if got := notify.Mentions(linked); !slices.Equal(got, c.want) {
			t.Errorf("Mentions of %q linked = %q, want %q", linked, got, c.want)
		}
	}
}

func TestWritePathsNotifyTheRightPeopleOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		ada, bob, cy, dee := f.user(t, "ada"), f.user(t, "bob"), f.user(t, "cy."), f.user(t, "dee")

		// Asking mentions two people, one unknown; the asker is not told of her own mention.
		q := f.ask(t, ada, "@bob may know, or @nobody, or @ada herself.")
		if want := []got{{"bob", "mention"}}; !same(f.all(t), want) {
			t.Fatalf("after ask: %v, want %v", f.all(t), want)
		}
		// An answer tells the asker (who follows her question); the answerer
		// now follows it too. It mentions cy. (the dot is part of the name).
		a := f.answer(t, bob, q, "Ask @cy. about it.")
		if want := []got{{"bob", "mention"}, {"ada", "answer"}, {"cy.", "mention"}}; !same(f.all(t), want) {
			t.Fatalf("after answer: %v, want %v", f.all(t), want)
		}
		// dee follows the question; a second answer tells ada, bob and dee once each.
		if err := f.notes.SetQuestionFollow(ctx, dee, q.ID, true); err != nil {
			t.Fatal(err)
		}
		f.answer(t, cy, q, "Mention of @bob again, who follows already.")
		want := []got{{"bob", "mention"}, {"ada", "answer"}, {"cy.", "mention"}, {"ada", "answer"}, {"bob", "answer"}, {"dee", "answer"}}
		if !same(f.all(t), want) {
			t.Fatalf("after second answer: %v, want %v", f.all(t), want)
		}
		// A comment on bob's answer tells bob; one by bob on his own answer tells nobody.
		if _, err := f.qa.AddComment(ctx, ada, a.ID, "Thanks, that worked for me."); err != nil {
			t.Fatal(err)
		}
		if _, err := f.qa.AddComment(ctx, bob, a.ID, "Glad it helped, @ghost says hi."); err != nil {
			t.Fatal(err)
		}
		want = append(want, got{"bob", "comment"})
		if !same(f.all(t), want) {
			t.Fatalf("after comments: %v, want %v", f.all(t), want)
		}
		// An edit tells only people newly mentioned.
		body := "Ask @cy. about it, or @dee. Reinstall the client and reboot."
		if _, err := f.qa.Edit(ctx, bob, a.ID, qa.EditInput{Body: &body}); err != nil {
			t.Fatal(err)
		}
		// Accepting tells bob, and ada's Scholar badge tells ada; bob's Editor badge came with the edit.
		if _, err := f.rep.Accept(ctx, ada, a.ID); err != nil {
			t.Fatal(err)
		}
		want = append(want, got{"bob", "badge"}, got{"dee", "mention"}, got{"ada", "badge"}, got{"bob", "accepted"})
		if !same(f.all(t), want) {
			t.Fatalf("after edit and accept: %v, want %v", f.all(t), want)
		}
		// The badge is given once, so it is notified once.
		body2 := body + " Edited again."
		if _, err := f.qa.Edit(ctx, bob, a.ID, qa.EditInput{Body: &body2}); err != nil {
			t.Fatal(err)
		}
		if !same(f.all(t), want) {
			t.Fatalf("a second edit notified again: %v", f.all(t))
		}
	})
}

func TestTagFollowersHearOfNewQuestions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		ada, bob, cy := f.user(t, "ada"), f.user(t, "bob"), f.user(t, "cy")
		f.ask(t, ada, "First.", "vpn", "windows") // creates the tags
		for _, u := range []*store.User{bob, ada} {
			if err := f.notes.SetTagFollow(ctx, u, "VPN", true); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.notes.SetTagFollow(ctx, bob, "windows", true); err != nil {
			t.Fatal(err)
		}
		if err := f.notes.SetTagFollow(ctx, bob, "nosuchtag", true); !errs.Is(err, errs.NotFound) {
			t.Fatalf("unknown tag: %v", err)
		}
		f.ask(t, ada, "Second.", "vpn", "windows")
		q := f.ask(t, cy, "Third, mentioning @bob.", "vpn")
		// bob once per question (mention wins on the third); ada is told of cy's question, not her own.
		want := []got{{"bob", "tag"}, {"bob", "mention"}, {"ada", "tag"}}
		if !same(f.all(t), want) {
			t.Fatalf("%v, want %v", f.all(t), want)
		}
		var tag string
		st.DB.Raw("SELECT tag FROM notifications WHERE type = 'tag' AND question_id = ?", q.ID).Scan(&tag)
		if tag != "vpn" {
			t.Fatalf("tag of the notification = %q", tag)
		}
		tags, _ := f.notes.FollowedTags(ctx, bob.ID)
		if !slices.Equal(tags, []string{"vpn", "windows"}) {
			t.Fatalf("followed tags %v", tags)
		}
		if err := f.notes.SetTagFollow(ctx, bob, "vpn", false); err != nil {
			t.Fatal(err)
		}
		if tags, _ := f.notes.FollowedTags(ctx, bob.ID); !slices.Equal(tags, []string{"windows"}) {
			t.Fatalf("after unfollow %v", tags)
		}
	})
}

// A notification is written in the transaction of its cause: when the cause
// fails, no notification remains.
func TestNotificationsCommitOrFailWithTheirCause(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		ada, bob := f.user(t, "ada"), f.user(t, "bob")
		q := f.ask(t, ada, "About the VPN.")
		if err := f.notes.SetTagFollow(ctx, bob, "vpn", true); err != nil {
			t.Fatal(err)
		}
		boom := errors.New("boom")
		_, err := f.qa.AskThen(ctx, ada, qa.QuestionInput{Title: "Another VPN question here", Body: "Asking @bob about the VPN client again.", Tags: []string{"vpn"}},
			func(tx *gorm.DB, q *store.Post) error {
				var n int64
				tx.Model(&notify.Notification{}).Count(&n)
				if n != 1 {
					t.Errorf("inside the transaction: %d notifications, want 1", n)
				}
				return boom
			})
		if !errors.Is(err, boom) {
			t.Fatalf("ask: %v", err)
		}
		// A failing answer (the question is closed) leaves nothing either.
		st.DB.Exec("UPDATE posts SET closed_at = ? WHERE id = ?", f.now, q.ID)
		if _, err := f.qa.Answer(ctx, bob, q.ID, "Answering @ada on a closed question fails."); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("answer to closed: %v", err)
		}
		if n := len(f.all(t)); n != 0 {
			t.Fatalf("%d notifications after failed causes: %v", n, f.all(t))
		}
	})
}

func TestInboxCountsAndMarksRead(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		ada, bob, cy := f.user(t, "ada"), f.user(t, "bob"), f.user(t, "cy")
		q := f.ask(t, ada, "Question.")
		a := f.answer(t, bob, q, "One.")
		f.answer(t, cy, q, "Two.")
		if _, err := f.qa.AddComment(ctx, cy, a.ID, "A comment on the first answer."); err != nil {
			t.Fatal(err)
		}
		in, err := f.notes.Inbox(ctx, ada.ID, 1, 10)
		if err != nil {
			t.Fatal(err)
		}
		if in.Total != 2 || in.Unread != 2 || len(in.Items) != 2 {
			t.Fatalf("inbox %+v", in)
		}
		first := in.Items[0] // newest first: cy's answer
		if first.Type != notify.TypeAnswer || first.ActorName != "cy" || first.QuestionTitle != q.Title || first.Read() {
			t.Fatalf("item %+v", first)
		}
		if u := first.URL(); u != "/questions/"+itoa(q.ID)+"#answer-"+itoa(*first.PostID) {
			t.Fatalf("url %s", u)
		}
		// Someone else's notification cannot be marked or opened.
		bobs, _ := f.notes.Inbox(ctx, bob.ID, 1, 10)
		if _, err := f.notes.MarkRead(ctx, ada.ID, []int64{bobs.Items[0].ID}, false); !errs.Is(err, errs.NotFound) {
			t.Fatalf("mark another's: %v", err)
		}
		if _, err := f.notes.Open(ctx, ada.ID, bobs.Items[0].ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("open another's: %v", err)
		}
		if _, err := f.notes.MarkRead(ctx, ada.ID, nil, false); !errs.Is(err, errs.Invalid) {
			t.Fatalf("mark nothing: %v", err)
		}
		if n, err := f.notes.MarkRead(ctx, ada.ID, []int64{first.ID, first.ID}, false); err != nil || n != 1 {
			t.Fatalf("mark one: %d %v", n, err)
		}
		if n, _ := f.notes.Unread(ctx, ada.ID); n != 1 {
			t.Fatalf("unread %d", n)
		}
		it, err := f.notes.Open(ctx, ada.ID, in.Items[1].ID)
		if err != nil || !it.Read() {
			t.Fatalf("open: %+v %v", it, err)
		}
		if n, _ := f.notes.Unread(ctx, ada.ID); n != 0 {
			t.Fatalf("unread after open %d", n)
		}
		if n, err := f.notes.MarkRead(ctx, bob.ID, nil, true); err != nil || n != 2 { // cy's answer (bob follows) and comment
			t.Fatalf("mark all: %d %v", n, err)
		}
	})
}

// TestInboxTellsADeletedQuestion checks, on both databases, that the inbox
// marks a notification whose question was deleted, keeps its title for the
// question's author, and drops it for others.
func TestInboxTellsADeletedQuestion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		ada := storetest.User(t, st, "ada", store.RoleUser)
		bob := storetest.User(t, st, "bob", store.RoleUser)
		q := store.Post{Type: store.PostQuestion, OwnerID: &ada.ID, Title: "Printer prints blank pages", BodyMarkdown: "x", BodyHTML: "<p>x</p>",
			Tags: "printer", CreatedAt: time.Now(), UpdatedAt: time.Now(), LastActivityAt: time.Now()}
		if err := st.DB.Create(&q).Error; err != nil {
			t.Fatal(err)
		}
		for _, u := range []*store.User{ada, bob} {
			if err := notify.Write(st.DB, notify.Notification{UserID: u.ID, Type: notify.TypeTag, Tag: "printer", QuestionID: &q.ID, CreatedAt: time.Now()}); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.DB.Model(&store.Post{}).Where("id = ?", q.ID).Update("deleted_at", time.Now()).Error; err != nil {
			t.Fatal(err)
		}
		s := &notify.Service{Store: st, Now: time.Now}
		for _, c := range []struct {
			u     *store.User
			title string
		}{{ada, q.Title}, {bob, ""}} {
			in, err := s.Inbox(ctx, c.u.ID, 1, 10)
			if err != nil || len(in.Items) != 1 || !in.Items[0].QuestionGone && c.title != "" || in.Items[0].QuestionTitle != c.title {
				t.Fatalf("%s's inbox = %+v, %v; want the title %q", c.u.Username, in, err, c.title)
			}
		}
	})
}

// TestLinksPastADeletedAnswer: once an answer is deleted, a notification
// about it or a comment on it leads a reader who cannot see it to its
// question without an anchor; its author and moderators still go to it.
func TestLinksPastADeletedAnswer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		ada, bob, cy := f.user(t, "ada"), f.user(t, "bob"), f.user(t, "cy")
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		boss := storetest.User(t, st, "boss", store.RoleModerator)
		q := f.ask(t, ada, "Question.")
		a := f.answer(t, bob, q, "Ask @boss about it.")
		cm, err := f.qa.AddComment(ctx, cy, a.ID, "@ada this is an advert, not an answer.")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.qa.Delete(ctx, mod, a.ID); err != nil {
			t.Fatal(err)
		}
		qpath, apath := "/questions/"+itoa(q.ID), "/questions/"+itoa(q.ID)+"#answer-"+itoa(a.ID)
		for _, c := range []struct {
			u    *store.User
			urls []string // newest first
		}{
			{ada, []string{qpath, qpath}}, // the comment's mention, the answer
			{bob, []string{apath, "/questions/" + itoa(q.ID) + "#comment-" + itoa(cm.ID)}}, // deleted, the comment
			{boss, []string{apath}}, // the mention
		} {
			in, err := f.notes.Inbox(ctx, c.u.ID, 1, 10)
			if err != nil || len(in.Items) != len(c.urls) {
				t.Fatalf("%s's inbox: %+v %v", c.u.Username, in, err)
			}
			for i, it := range in.Items {
				if it.URL() != c.urls[i] || it.AnswerGone != (c.urls[i] == qpath) {
					t.Errorf("%s's %s leads to %s (answer gone %v), want %s", c.u.Username, it.Type, it.URL(), it.AnswerGone, c.urls[i])
				}
			}
		}
	})
}

// TestLinksPastADeletedComment: a notification about a comment deleted
// since says so and leads to the post it was on (an answer's anchor, or the
// question), since only moderators see deleted comments; a moderator still
// goes to the comment.
func TestLinksPastADeletedComment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		ada, bob, cy := f.user(t, "ada"), f.user(t, "bob"), f.user(t, "cy")
		boss := storetest.User(t, st, "boss", store.RoleModerator)
		q := f.ask(t, ada, "Question.")
		a := f.answer(t, bob, q, "An answer.")
		onQ, err := f.qa.AddComment(ctx, cy, q.ID, "Which version, @boss?")
		if err != nil {
			t.Fatal(err)
		}
		onA, err := f.qa.AddComment(ctx, cy, a.ID, "This did not help me.")
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{onQ.ID, onA.ID} {
			if err := f.qa.DeleteComment(ctx, cy, id); err != nil {
				t.Fatal(err)
			}
		}
		qpath := "/questions/" + itoa(q.ID)
		for _, c := range []struct {
			u    *store.User
			urls []string // newest first
			gone bool
		}{
			{ada, []string{qpath}, true},
			{bob, []string{qpath + "#answer-" + itoa(a.ID)}, true},
			{boss, []string{qpath + "#comment-" + itoa(onQ.ID)}, false},
		} {
			in, err := f.notes.Inbox(ctx, c.u.ID, 1, 10)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, it := range in.Items {
				if it.CommentID == nil {
					continue // the answer's own notification
				}
				got = append(got, it.URL())
				if it.CommentGone != c.gone {
					t.Errorf("%s's %s: comment gone %v, want %v", c.u.Username, it.Type, it.CommentGone, c.gone)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(c.urls) {
				t.Errorf("%s's comment notifications lead to %v, want %v", c.u.Username, got, c.urls)
			}
		}
	})
}

// TestUnfollowingIsHeard: an asker who unfollows their question is told of
// no more answers, and an answerer who unfollows stays unfollowed when they
// answer again; following again brings the answers back. An asker without
// a follow of their own (a question imported, or published from a ticket)
// is told, and shown as following.
func TestUnfollowingIsHeard(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		ada, bob, cy := f.user(t, "ada"), f.user(t, "bob"), f.user(t, "cy.")
		q := f.ask(t, ada, "Nothing to mention here, just a question.")
		f.answer(t, bob, q, "First answer: reinstall the client.")
		for _, u := range []*store.User{ada, bob} {
			if err := f.notes.SetQuestionFollow(ctx, u, q.ID, false); err != nil {
				t.Fatal(err)
			}
			if on, err := f.notes.FollowsQuestion(ctx, u, q.ID); err != nil || on {
				t.Fatalf("%s still follows after unfollowing: %v %v", u.Username, on, err)
			}
		}
		f.answer(t, cy, q, "Second answer: check the proxy settings.")
		f.answer(t, bob, q, "Third answer: or update the client first.")
		// ada hears of the first answer only; bob, answering again, is not
		// made to follow; cy, who answered, hears of bob's.
		want := []got{{"ada", "answer"}, {"cy.", "answer"}}
		if !same(f.all(t), want) {
			t.Fatalf("after unfollowing: %v, want %v", f.all(t), want)
		}
		if err := f.notes.SetQuestionFollow(ctx, ada, q.ID, true); err != nil {
			t.Fatal(err)
		}
		f.answer(t, cy, q, "Fourth answer: a new profile helped me.")
		want = append(want, got{"ada", "answer"})
		if !same(f.all(t), want) {
			t.Fatalf("after following again: %v, want %v", f.all(t), want)
		}

		// No follow row at all: the asker hears of answers all the same.
		q2 := f.ask(t, ada, "Another question without mentions.")
		if err := st.DB.Exec("DELETE FROM question_follows WHERE question_id = ?", q2.ID).Error; err != nil {
			t.Fatal(err)
		}
		if on, err := f.notes.FollowsQuestion(ctx, ada, q2.ID); err != nil || !on {
			t.Fatalf("the asker without a row is not shown as following: %v %v", on, err)
		}
		if on, err := f.notes.FollowsQuestion(ctx, cy, q2.ID); err != nil || on {
			t.Fatalf("someone else is shown as following: %v %v", on, err)
		}
		f.answer(t, bob, q2, "An answer to the other question.")
		want = append(want, got{"ada", "answer"})
		if !same(f.all(t), want) {
			t.Fatalf("asker without a row: %v, want %v", f.all(t), want)
		}
	})
}

// TestAcceptedOnceAnAnswer: an answer accepted, taken back and accepted
// again tells its author once; another answer accepted tells its author.
func TestAcceptedOnceAnAnswer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		ada, bob, cy := f.user(t, "ada"), f.user(t, "bob"), f.user(t, "cy.")
		q := f.ask(t, ada, "A question without mentions.")
		a := f.answer(t, bob, q, "Reinstall the client, then reboot.")
		b := f.answer(t, cy, q, "Update the client first.")
		for _, step := range []func() error{
			func() error { _, err := f.rep.Accept(ctx, ada, a.ID); return err },
			func() error { _, err := f.rep.Unaccept(ctx, ada, a.ID); return err },
			func() error { _, err := f.rep.Accept(ctx, ada, a.ID); return err },
			func() error { _, err := f.rep.Accept(ctx, ada, b.ID); return err },
		} {
			if err := step(); err != nil {
				t.Fatal(err)
			}
		}
		var n struct{ Bob, Cy int64 }
		st.DB.Model(&notify.Notification{}).Where("user_id = ? AND type = ?", bob.ID, notify.TypeAccepted).Count(&n.Bob)
		st.DB.Model(&notify.Notification{}).Where("user_id = ? AND type = ?", cy.ID, notify.TypeAccepted).Count(&n.Cy)
		if n.Bob != 1 || n.Cy != 1 {
			t.Fatalf("accepted notifications: bob %d, cy %d; want one each", n.Bob, n.Cy)
		}
	})
}

// TestFollowedQuestionsList: the following list holds the questions a user
// asked (unless unfollowed), answered or chose to follow, live ones only,
// the latest active first.
func TestFollowedQuestionsList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		ada, bob := f.user(t, "ada"), f.user(t, "bob")
		step := func() { f.now = f.now.Add(time.Minute) }
		asked := f.ask(t, ada, "Asked by ada.")
		step()
		unfollowed := f.ask(t, ada, "Asked by ada, then unfollowed.")
		if err := f.notes.SetQuestionFollow(ctx, ada, unfollowed.ID, false); err != nil {
			t.Fatal(err)
		}
		step()
		answered := f.ask(t, bob, "Asked by bob, answered by ada.")
		step()
		f.answer(t, ada, answered, "Ada's answer.")
		step()
		followed := f.ask(t, bob, "Asked by bob, followed by ada.")
		if err := f.notes.SetQuestionFollow(ctx, ada, followed.ID, true); err != nil {
			t.Fatal(err)
		}
		step()
		f.ask(t, bob, "Asked by bob, not followed by ada.")
		step()
		deleted := f.ask(t, bob, "Asked by bob, followed by ada, deleted.")
		if err := f.notes.SetQuestionFollow(ctx, ada, deleted.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := f.qa.Delete(ctx, bob, deleted.ID); err != nil {
			t.Fatal(err)
		}
		step()
		// bob answers ada's first question: now the latest active.
		f.answer(t, bob, asked, "Bob's answer.")

		list, total, err := f.notes.FollowedQuestions(ctx, ada.ID, 1, 10)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, q := range list {
			ids = append(ids, q.ID)
		}
		want := []int64{asked.ID, followed.ID, answered.ID}
		if total != 3 || !slices.Equal(ids, want) {
			t.Fatalf("following = %v (total %d), want %v", ids, total, want)
		}
		if list[0].AnswerCount != 1 || list[0].Title != asked.Title {
			t.Errorf("first = %+v, want %q with one answer", list[0], asked.Title)
		}
		page2, total, err := f.notes.FollowedQuestions(ctx, ada.ID, 2, 2)
		if err != nil || total != 3 || len(page2) != 1 || page2[0].ID != answered.ID {
			t.Fatalf("page 2 of 2 = %+v, total %d, %v; want the answered question", page2, total, err)
		}
		if list, total, err := f.notes.FollowedQuestions(ctx, bob.ID, 1, 10); err != nil || total != 4 || len(list) != 4 {
			t.Fatalf("bob follows %d (%d listed), %v; want his three live questions and the one he answered", total, len(list), err)
		}
	})
}

// TestMentionInLinkTextStaysText: "[ask @bob](URL)" shows the link with
// its text as written, with no link to bob inside it (a link inside a link
// is no HTML), and so tells bob nothing; a mention beside it does.
func TestMentionInLinkTextStaysText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		ada, bob, cyd, dee := f.user(t, "ada"), f.user(t, "bob"), f.user(t, "cyd"), f.user(t, "dee")
		q := f.ask(t, ada, "Who knows?")
		a := f.answer(t, cyd, q, "[Ask @bob](https://wiki.example.com/vpn) or @dee, who set it up.")
		if want := []got{{"ada", "answer"}, {"dee", "mention"}}; !same(f.all(t), want) {
			t.Fatalf("after the answer: %v, want %v", f.all(t), want)
		}
		bobPage := `"/users/` + strconv.FormatInt(bob.ID, 10) + `"`
		if !strings.Contains(a.BodyHTML, `<a href="https://wiki.example.com/vpn" rel="nofollow noopener">Ask @bob</a>`) ||
			strings.Contains(a.BodyHTML, bobPage) ||
			!strings.Contains(a.BodyHTML, `<a href="/users/`+strconv.FormatInt(dee.ID, 10)+`" class="mention">@dee</a>`) {
			t.Fatalf("answer HTML: %s", a.BodyHTML)
		}
		c, err := f.qa.AddComment(ctx, ada, a.ID, "Thanks, [asked @bob](https://chat.example.com) and @dee.")
		if err != nil {
			t.Fatal(err)
		}
		if want := []got{{"ada", "answer"}, {"dee", "mention"}, {"cyd", "comment"}, {"dee", "mention"}}; !same(f.all(t), want) {
			t.Fatalf("after the comment: %v, want %v", f.all(t), want)
		}
		if strings.Count(c.BodyHTML, "<a ") != 2 || strings.Contains(c.BodyHTML, bobPage) {
			t.Fatalf("comment HTML: %s", c.BodyHTML)
		}
		// A comment shows HTML as text: a mention in what would be a
		// link's HTML is linked, and tells its person, as the text shows it.
		c, err = f.qa.AddComment(ctx, dee, a.ID, `Shown as typed: <a href="https://x.example.com">@bob</a>.`)
		if err != nil {
			t.Fatal(err)
		}
		if want := []got{{"ada", "answer"}, {"dee", "mention"}, {"cyd", "comment"}, {"dee", "mention"}, {"cyd", "comment"}, {"bob", "mention"}}; !same(f.all(t), want) {
			t.Fatalf("after the second comment: %v, want %v", f.all(t), want)
		}
		if !strings.Contains(c.BodyHTML, `&lt;a href=&#34;https://x.example.com&#34;&gt;<a href=`+bobPage+` class="mention">@bob</a>&lt;/a&gt;`) {
			t.Fatalf("second comment HTML: %s", c.BodyHTML)
		}
	})
}
