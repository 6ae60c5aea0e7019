package seed

// phrase is the same words in English and German.
type phrase struct{ EN, DE string }

func (p phrase) in(de bool) string {
	if de {
		return p.DE
	}
	return p.EN
}

// topic is one area employees ask about, with the words generated posts use.
// German things are nominative with article ("der Drucker im 3. OG") and
// symptoms are predicates that agree with their thing ("druckt nur leere Seiten").
type topic struct {
	Tags     []string  // the first is the topic's main tag
	Problems []problem // what breaks, and how
	Tasks    []phrase  // what people want to do: "reset my password while travelling"
	Errors   []string  // messages quoted in questions
	Steps    []phrase  // fixes and advice, as answer list items
	Code     []string  // keys of snippets answers may quote
	OS       string    // "desktop", "mobile" or "linux": the platform tags that fit; "" for none
	Business bool      // an HR, finance, travel or facilities topic rather than IT
}

// problem is a thing and the symptoms it can show.
type problem struct {
	Thing    phrase
	Symptoms []phrase
}

// platform is an operating system a question may mention, with its tag.
type platform struct {
	Name string
	Tag  string
	OS   string
}

// platforms, the common ones listed more than once so they are drawn more often.
var platforms = []platform{
	{"Windows 11", "windows-11", "desktop"}, {"Windows 11", "windows-11", "desktop"}, {"Windows 11", "windows-11", "desktop"},
	{"Windows 10", "windows-10", "desktop"}, {"macOS Sonoma", "macos", "desktop"}, {"macOS Sequoia", "macos", "desktop"},
	{"Ubuntu 22.04", "linux", "linux"}, {"Ubuntu 24.04", "linux", "linux"},
	{"iOS 17", "ios", "mobile"}, {"iOS 18", "ios", "mobile"}, {"Android 14", "android", "mobile"},
}

var whens = []phrase{
	{"the last Windows update", "dem letzten Windows-Update"},
	{"Monday", "Montag"},
	{"this morning", "heute Morgen"},
	{"the move to the new building", "dem Umzug ins neue Gebäude"},
	{"my last password change", "meiner letzten Passwortänderung"},
	{"I got my new laptop", "ich den neuen Laptop habe"},
	{"the holidays", "den Feiertagen"},
	{"yesterday's maintenance window", "dem gestrigen Wartungsfenster"},
	{"last week", "letzter Woche"},
	{"the switch to the new client", "der Umstellung auf den neuen Client"},
}

var offices = []phrase{
	{"Munich", "München"}, {"Hamburg", "Hamburg"}, {"Berlin", "Berlin"}, {"Frankfurt", "Frankfurt"},
	{"Stuttgart", "Stuttgart"}, {"Vienna", "Wien"}, {"Zurich", "Zürich"}, {"London", "London"},
	{"Chicago", "Chicago"}, {"Cologne", "Köln"},
}

var departments = []phrase{
	{"Finance", "Finanzen"}, {"Controlling", "Controlling"}, {"Sales", "Vertrieb"}, {"Marketing", "Marketing"},
	{"Engineering", "Entwicklung"}, {"Logistics", "Logistik"}, {"Human Resources", "Personal"},
	{"Procurement", "Einkauf"}, {"Legal", "Recht"}, {"IT Operations", "IT-Betrieb"},
	{"Customer Service", "Kundenservice"}, {"Quality", "Qualitätsmanagement"}, {"Production", "Produktion"},
}

// contexts are sentences that make a question concrete; {office} and
// {platform} are filled in.
var contexts = []phrase{
	{"I am in the {office} office today.", "Ich bin heute am Standort {office}."},
	{"I work from home most days.", "Ich arbeite meistens im Homeoffice."},
	{"My laptop is about two years old and runs {platform}.", "Mein Laptop ist etwa zwei Jahre alt und läuft mit {platform}."},
	{"Two colleagues in my team have the same problem.", "Zwei Kollegen aus meinem Team haben das gleiche Problem."},
	{"It worked fine until last week.", "Bis letzte Woche hat alles funktioniert."},
	{"This is urgent because I have a customer meeting tomorrow.", "Es ist dringend, weil ich morgen einen Kundentermin habe."},
	{"I sit on the 4th floor in {office}, near the kitchen.", "Ich sitze in {office} im 4. OG, bei der Küche."},
	{"I am on {platform} with the standard company image.", "Ich nutze {platform} mit dem Standard-Image der Firma."},
	{"The hotline ticket is open since Tuesday without a reply.", "Das Hotline-Ticket ist seit Dienstag ohne Antwort offen."},
}

var tried = []phrase{
	{"Restarted the laptop twice", "Laptop zweimal neu gestartet"},
	{"Logged out and in again", "Ab- und wieder angemeldet"},
	{"Cleared the browser cache", "Browser-Cache geleert"},
	{"Checked the cables and the docking station", "Kabel und Dockingstation geprüft"},
	{"Reinstalled the client from the Software Center", "Client über das Software Center neu installiert"},
	{"Asked a colleague, it works on their machine", "Einen Kollegen gefragt, bei ihm geht es"},
	{"Searched the intranet, found only an old guide from 2019", "Im Intranet gesucht, nur eine alte Anleitung von 2019 gefunden"},
	{"Tried it at home and in the office", "Zu Hause und im Büro ausprobiert"},
	{"Ran `gpupdate /force` and restarted", "`gpupdate /force` ausgeführt und neu gestartet"},
}

var triedBusiness = []phrase{
	{"Asked my manager, she does not know either", "Meine Führungskraft gefragt, sie weiß es auch nicht"},
	{"Checked the FAQ in the HR portal", "Die FAQ im HR-Portal durchgesehen"},
	{"Searched the intranet, found only an old guide from 2019", "Im Intranet gesucht, nur eine alte Anleitung von 2019 gefunden"},
	{"Logged out and in again", "Ab- und wieder angemeldet"},
	{"Tried it in the app and in the browser", "In der App und im Browser probiert"},
	{"Wrote to the shared mailbox, no answer yet", "An das Funktionspostfach geschrieben, noch keine Antwort"},
}

var closings = []phrase{
	{"Any idea what else I can check?", "Hat jemand eine Idee, woran das liegen kann?"},
	{"Thanks in advance!", "Danke im Voraus!"},
	{"Has anyone seen this before?", "Kennt jemand das Problem?"},
	{"Is this a known issue?", "Ist das ein bekanntes Problem?"},
	{"What is the fastest way to fix this without waiting for a ticket?", "Wie bekomme ich das am schnellsten gelöst, ohne auf ein Ticket zu warten?"},
	{"Any pointers are welcome.", "Für jeden Hinweis dankbar."},
}

var howtoClosings = []phrase{
	{"Thanks in advance!", "Danke im Voraus!"},
	{"Any pointers are welcome.", "Für jeden Hinweis dankbar."},
	{"Is there a guide for this somewhere?", "Gibt es dafür irgendwo eine Anleitung?"},
	{"Who can I ask about this?", "Wen kann ich dazu fragen?"},
}

var openers = []phrase{
	{"I had exactly the same problem last week.", "Das Problem hatte ich letzte Woche auch."},
	{"This is a known issue since the last rollout; IT is working on a permanent fix.", "Das ist ein bekanntes Problem seit dem letzten Rollout, die IT arbeitet an einer dauerhaften Lösung."},
	{"From the IT side: please try the following, in this order.", "Aus Sicht der IT: bitte in dieser Reihenfolge probieren."},
	{"The usual cause is an old saved password or certificate.", "Meistens liegt es an einem alten gespeicherten Passwort oder Zertifikat."},
	{"We see this a lot at the service desk.", "Das sehen wir am Service Desk sehr oft."},
}

var businessOpeners = []phrase{
	{"I had exactly the same problem last month.", "Das Problem hatte ich letzten Monat auch."},
	{"This changed with the new process in January.", "Das hat sich mit dem neuen Prozess im Januar geändert."},
	{"The team that owns this process told me the following.", "Das zuständige Team hat mir Folgendes gesagt."},
	{"We see this a lot, it is usually one of these.", "Das kommt oft vor, meistens ist es eins davon."},
}

var howtoOpeners = []phrase{
	{"Short answer: yes, but there are a few rules.", "Kurze Antwort: ja, aber es gibt ein paar Regeln."},
	{"This is how it works for us in the {office} office.", "So läuft das bei uns am Standort {office}."},
	{"I did this last month; here is what worked.", "Das habe ich letzten Monat gemacht, so hat es geklappt."},
	{"There is a standard process for this.", "Dafür gibt es einen Standardprozess."},
	{"From the service desk: this is the supported way.", "Vom Service Desk: Das ist der vorgesehene Weg."},
}

var stepIntros = []phrase{
	{"Try this:", "Versuch mal Folgendes:"},
	{"What fixed it for me:", "So hat es bei mir funktioniert:"},
	{"The steps are:", "Die Schritte sind:"},
	{"In short:", "Kurz zusammengefasst:"},
}

var codeIntros = []phrase{
	{"For example:", "Zum Beispiel:"},
	{"This is what I run:", "Das mache ich so:"},
	{"The commands, for reference:", "Die Befehle zum Nachschlagen:"},
}

var answerClosers = []phrase{
	{"If none of this helps, open a ticket with the IT hotline and mention the error code; that saves a round trip.", "Falls das alles nicht hilft, bitte ein Ticket bei der IT-Hotline aufmachen und den Fehlercode angeben."},
	{"After that it worked for me without a restart.", "Danach lief es bei mir ohne Neustart."},
	{"Let us know if it still fails.", "Gib Bescheid, falls es weiterhin nicht klappt."},
	{"The intranet guide was updated last month and describes the same steps.", "Die Anleitung im Intranet wurde letzten Monat aktualisiert und beschreibt dieselben Schritte."},
	{"Hope that helps!", "Hoffe, das hilft!"},
}

var comments = []phrase{
	{"Thanks, that fixed it for me!", "Danke, hat funktioniert!"},
	{"Same problem here since this morning.", "Bei mir das gleiche Problem seit heute früh."},
	{"Step 2 was the one that did it, thanks.", "Schritt 2 war die Lösung, danke!"},
	{"Does this also work on {platform}?", "Geht das auch unter {platform}?"},
	{"Worked, but I had to restart twice.", "Hat geklappt, musste aber zweimal neu starten."},
	{"Can confirm, the hotline told me the same.", "Kann ich bestätigen, die Hotline hat dasselbe gesagt."},
	{"Is there a ticket for this already?", "Gibt es dafür schon ein Ticket?"},
	{"Please add the exact error message, that helps a lot.", "Bitte die genaue Fehlermeldung ergänzen, das hilft sehr."},
	{"We have the same issue in {office}.", "Wir haben das gleiche Problem in {office}."},
	{"Which version of the client are you on?", "Welche Version des Clients hast du?"},
	{"Great answer, should be in the intranet guide.", "Super Antwort, sollte in die Intranet-Anleitung."},
	{"Still happening for me after these steps.", "Bei mir passiert es trotz dieser Schritte noch."},
}

var firstNames = []string{
	"Anna", "Ben", "Clara", "David", "Elena", "Felix", "Greta", "Hannah", "Ivan", "Jana",
	"Jonas", "Julia", "Karim", "Laura", "Lea", "Leon", "Lukas", "Maria", "Max", "Mia",
	"Nina", "Noah", "Olga", "Paul", "Priya", "Rafael", "Sara", "Simon", "Sophie", "Tim",
	"Tobias", "Vera", "Yusuf", "Zoe", "Ahmed", "Chen", "Emily", "Fatima", "George", "Isabel",
	"James", "Kevin", "Linda", "Marco", "Nora", "Oliver", "Petra", "Rita", "Stefan", "Thomas",
	"Ute", "Wei", "Daniel", "Katrin", "Jürgen", "Sören", "Björn", "Małgorzata", "Arjun", "Lucía",
}

var lastNames = []string{
	"Schmidt", "Müller", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
	"Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger",
	"Hofmann", "Hartmann", "Lange", "Werner", "Krause", "Lehmann", "Köhler", "Maier", "Huber", "Kaiser",
	"Miller", "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Nair", "Patel",
	"Rossi", "Garcia", "Nowak", "Kowalski", "Yilmaz", "Demir", "Novak", "Dubois", "Jansen", "Silva",
	"Li", "Wang", "Kim", "Sato", "Andersson", "Nielsen", "O'Brien", "Costa", "Popescu", "Horvat",
}
