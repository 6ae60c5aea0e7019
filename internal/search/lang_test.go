package search

import "testing"

func TestShowsGerman(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"How do I reset my password? The portal says it is expired.", false},
		{"Printer not working", false}, // English words only
		{"Outlook", false},             // nothing to tell by: English fields only
		{"Wie kann ich mein Passwort zurücksetzen? Das Portal sagt, es ist abgelaufen.", true},
		{"Drucker druckt nicht", true},
		{"Passwörter wurden zurückgesetzt", true},                    // umlauts alone
		{"Passwörter zurückgesetzt", true},                           // umlauts alone
		{"Passwo\u0308rter zuru\u0308ckgesetzt", true},               // decomposed umlauts
		{"I asked Jürgen from IT, and he said to reboot it.", false}, // a name with an umlaut
		{"Beim Start kommt der Fehler: the file is not found on the server and it cannot be opened", true},
		{"Den of thieves: the file is on the server and it is not readable by the service, which is why the job fails. " +
			"The log says so, and the admin said to check it, but the share is not mine to change.", false}, // a stray "den"
	}
	for _, tt := range tests {
		if got := showsGerman(tt.text); got != tt.want {
			t.Errorf("showsGerman(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
	// Only the first langSample bytes are read.
	long := ""
	for len(long) < langSample {
		long += "This is how it works. "
	}
	german := "Das ist nicht gut, und ich weiß nicht, warum es nicht geht. Bitte helft mir."
	if showsGerman(long, german) {
		t.Error("German after the sample was read")
	}
	if !showsGerman(german, long[:200]) {
		t.Error("German text with some English in it is not German")
	}
}
