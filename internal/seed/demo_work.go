package seed

// demoWork: expenses, travel, HR tools, onboarding, software, SAP, facilities.
var demoWork = []demoQuestion{
	{
		Key: "receipt-lost", Author: "priya.nair", DaysAgo: 45.3,
		Title: "How do I submit an expense when I lost the original receipt?",
		Tags:  []string{"expenses", "receipts", "concur"},
		Body: md(`
I paid a taxi in Berlin (42 EUR, cash) and lost the receipt somewhere between the car and the hotel. Concur refuses to submit the report because the receipt is missing for an amount over 25 EUR.

Is there a way to claim it anyway?`),
		Answers: []demoAnswer{
			{
				Author: "anna.schmidt", After: 2*hour + 30*minute, Accepted: true,
				Body: md(`
Yes, with a **missing receipt declaration** (the German term is *Eigenbeleg*):

1. Open the expense line in Concur and click **Attach receipt → Missing receipt affidavit**.
2. Fill in date, route, amount and reason, and confirm the statement.
3. Submit the report as usual; your manager approves it together with the declaration.

Limits: at most 150 EUR per declaration and three declarations per year. For taxis, a screenshot from the taxi app or a bank statement line also counts as a receipt, if you have one.`),
				Comments: []demoComment{
					{Author: "priya.nair", After: 3 * hour, Body: "Found the affidavit option, report is submitted. Thanks Anna!"},
				},
			},
		},
	},
	{
		Key: "resturlaub", Author: "lukas.weber", DaysAgo: 44.1,
		Title: "Resturlaub ins nächste Jahr übertragen – bis wann muss ich ihn nehmen?",
		Tags:  []string{"holiday-request", "hr-portal"},
		Body: md(`
Ich habe wegen eines Projekts noch 8 Tage Urlaub aus diesem Jahr übrig. Werden die automatisch ins nächste Jahr übertragen, oder muss ich das beantragen? Und bis wann muss ich sie dann genommen haben?`),
		Answers: []demoAnswer{
			{
				Author: "anna.schmidt", After: 3 * hour, Accepted: true,
				Body: md(`
Der Resturlaub wird **automatisch** übertragen, du musst nichts beantragen. Er steht ab Januar im HR-Portal unter **Abwesenheiten → Kontingente** als eigene Zeile „Übertrag Vorjahr“.

Wichtig:

- Übertragener Urlaub muss bis zum **31. März** genommen werden, sonst verfällt er.
- Das HR-Portal bucht Urlaubsanträge automatisch zuerst vom Übertrag ab.
- Ausnahme: Konntest du den Urlaub wegen Krankheit oder Elternzeit nicht nehmen, gilt eine längere Frist. Das klärst du am besten direkt mit HR.

Wenn es wegen des Projekts nicht bis Ende März klappt, sprich früh mit deiner Führungskraft: Eine Verlängerung bis Ende Juni geht nur mit Begründung und vor Ablauf der Frist.`),
				Comments: []demoComment{
					{Author: "sabine.keller", After: 4 * hour, Body: "Sehr hilfreich, das sollte so auch auf die HR-Seite im Intranet."},
				},
			},
		},
	},
	{
		Key: "payslip-pdf", Author: "lukas.weber", DaysAgo: 35.5,
		Title: "Gehaltsabrechnung als PDF lässt sich nicht öffnen – welches Passwort?",
		Tags:  []string{"payslip", "hr-portal"},
		Body: md(`
Ich habe meine Gehaltsabrechnung aus dem HR-Portal heruntergeladen. Beim Öffnen fragt der PDF-Reader nach einem Passwort. Mein Windows-Passwort funktioniert nicht, meine Personalnummer auch nicht.

Welches Passwort ist gemeint?`),
		Answers: []demoAnswer{
			{
				Author: "anna.schmidt", After: 1 * hour, Accepted: true,
				Body: md(`
Das PDF-Passwort ist dein **Geburtsdatum im Format TTMMJJJJ**, also z. B. ´03071988´ für den 3. Juli 1988.

Falls das nicht geht: Wurde dein Geburtsdatum bei der Einstellung falsch erfasst, stimmt auch das Passwort nicht. Dann bitte an das Payroll-Team schreiben, die korrigieren es im System. Ab der nächsten Abrechnung passt es dann.`),
				Comments: []demoComment{
					{Author: "lukas.weber", After: 30 * minute, Body: "Geburtsdatum hat funktioniert. Auf die Idee wäre ich nicht gekommen."},
				},
			},
		},
	},
	{
		Key: "train-first-class", Author: "priya.nair", DaysAgo: 33.9,
		Title: "Am I allowed to book first class for a 5-hour train trip?",
		Tags:  []string{"travel-booking", "train-travel", "travel-policy"},
		Body: md(`
I need to go from Munich to Hamburg for two days of workshops. The train takes about 5.5 hours. The travel tool offers first class only with an "out of policy" warning and asks for a reason.

What does the travel policy actually say?`),
		Answers: []demoAnswer{
			{
				Author: "ben.miller", After: 4 * hour, Accepted: true,
				Body: md(`
The policy (section 4.2) allows **first class for train journeys over 4 hours** one way, so your trip qualifies. The tool just isn't smart enough to know that. Pick the reason **"Journey longer than 4 hours"** from the list and it goes through without extra approval.

Two more tips from someone who does this route every month:

- Book the *Flexpreis* only if your plans may change; the *Sparpreis* in first class is often cheaper than Flexpreis in second.
- If you have a BahnCard 50 through the company, make sure it is in your traveller profile, otherwise the tool shows the full price.`),
			},
		},
	},
	{
		Key: "new-hire-checklist", Author: "ben.miller", DaysAgo: 32.4,
		Title: "New team member starts on the 1st – what do I need to order, and when?",
		Tags:  []string{"onboarding", "new-hire", "equipment-request"},
		Body: md(`
First time I'm hiring someone. She starts on the 1st of next month in London. HR has sent the contract, but what do *I* have to do so that she has a laptop, accounts and access on day one?`),
		Answers: []demoAnswer{
			{
				Author: "support", After: 1*hour + 20*minute, Accepted: true,
				Body: md(`
Congratulations on the hire! The onboarding workflow in the HR portal does most of it, but some things need you:

**As soon as the contract is signed (at least 10 working days before the start):**

- [ ] Check the hire is in the HR portal with her start date and cost centre, this creates the account automatically 3 days before the start.
- [ ] Order the laptop and headset in the IT shop (**Onboarding → Standard equipment**). Delivery to London takes about a week.
- [ ] Request access to team drives, distribution lists and tools in the access portal; you can do this before the account exists.

**In the week before:**

- [ ] Book a desk for her first week in the desk booking app.
- [ ] Name a buddy in the HR portal.

**On day one** she collects the laptop at the IT desk (3rd floor); the initial password goes to you by email, so bring it along.`),
				Comments: []demoComment{
					{Author: "sabine.keller", After: 2 * hour, Body: "Tip: the IT shop has a bundle \"New starter – office\" that contains laptop, dock, headset and mouse in one order."},
					{Author: "ben.miller", After: 5 * hour, Body: "Ordered the bundle, thanks both."},
				},
			},
		},
	},
	{
		Key: "python-no-admin", Author: "priya.nair", DaysAgo: 38.8,
		Title: "Install Python and pip packages without admin rights",
		Tags:  []string{"python", "software-center", "admin-rights"},
		Body: md(`
I need Python 3.12 with pandas and a few other packages for data analysis. I don't have admin rights on my laptop, and ´pip install pandas´ fails with:

´´´text
ERROR: Could not install packages due to an OSError: [WinError 5] Access is denied
´´´

Do I really need to request admin rights for this?`),
		Answers: []demoAnswer{
			{
				Author: "lukas.weber", After: 1*hour + 10*minute, Accepted: true,
				Body: md(`
No admin rights needed. Install **Python 3.12 (user)** from the Software Center, it goes into your profile. Then always work in a virtual environment, never in the global installation:

´´´powershell
py -3.12 -m venv $HOME\venvs\analysis
& $HOME\venvs\analysis\Scripts\Activate.ps1
python -m pip install --upgrade pip
pip install pandas matplotlib openpyxl
´´´

The error you got comes from pip trying to write into ´C:\Program Files´, which is where the old, system-wide Python lives.`),
				Comments: []demoComment{
					{Author: "priya.nair", After: 2 * hour, Body: "Works, thanks. Had to run Set-ExecutionPolicy -Scope CurrentUser RemoteSigned once to activate the venv."},
				},
			},
			{
				Author: "support", After: 3 * hour,
				Body: md(`
One addition: pip goes through our package mirror, which is already configured in the Software Center version. If you installed Python from python.org instead, set the mirror yourself:

´´´powershell
pip config set global.index-url https://pypi.corp.example/simple
´´´`),
			},
		},
	},
	{
		Key: "visio-licence", Author: "priya.nair", DaysAgo: 23.6,
		Title: "How long does a Visio licence request usually take?",
		Tags:  []string{"software-request", "licenses", "visio"},
		Body: md(`
I requested Visio in the IT shop 8 days ago for architecture diagrams. My manager approved it the same day, but the request still says "In progress". Is that normal, and is there anything I can do to speed it up?`),
		Answers: []demoAnswer{
			{
				Author: "support", After: 5 * hour,
				Body: md(`
Visio licences are bought in batches once a week (Tuesdays), so 5 to 10 working days is unfortunately normal at the moment. Once assigned, Visio appears in the Software Center within an hour.

In the meantime: **draw.io** (diagrams.net) is approved, available in the Software Center, and can export to ´.vsdx´ if others need to edit your diagrams in Visio later.`),
			},
		},
	},
	{
		Key: "sap-freigabe", Author: "anna.schmidt", DaysAgo: 19.3,
		Title: "Wer gibt meine Bestellanforderung in SAP frei?",
		Tags:  []string{"sap", "purchase-order", "cost-center"},
		Body: md(`
Ich habe vor einer Woche eine Bestellanforderung (BANF) über 2.400 EUR für Schulungen angelegt. Sie steht immer noch auf „in Genehmigung“. Wie finde ich heraus, bei wem sie gerade liegt, damit ich nachhaken kann?`),
		Answers: []demoAnswer{
			{
				Author: "support", After: 2 * hour,
				Body: md(`
Am einfachsten in Fiori: App **„Meine Bestellanforderungen verwalten“** öffnen, die BANF anklicken und unten den Abschnitt **Genehmigungsdetails** aufklappen. Dort steht, bei wem sie liegt und seit wann.

In SAP GUI geht es über die Transaktion ´ME53N´ → Reiter **Freigabestrategie**.

Die Freigabe richtet sich nach Betrag und Kostenstelle: Bis 1.000 EUR gibt die Kostenstellenverantwortliche frei, darüber zusätzlich die Bereichsleitung. Liegt sie bei jemandem, der im Urlaub ist, bleibt sie leider liegen, bis eine Vertretung gepflegt ist.`),
				Comments: []demoComment{
					{Author: "anna.schmidt", After: 1 * hour, Body: "Lag bei der Bereichsleitung, die im Urlaub ist. Habe ihr Sekretariat angeschrieben, danke für den Tipp mit Fiori."},
				},
			},
		},
	},
	{
		Key: "desk-released", Author: "priya.nair", DaysAgo: 10.2,
		Title: "Desk booking released my desk at 10:00 although I was sitting at it",
		Tags:  []string{"desk-booking", "facilities"},
		Body: md(`
Third time this month: I book desk M4-17 for the day, arrive at 8:30, and at 10:00 I get an email "Your booking was released because you did not check in". Then someone else books it and shows up at my desk.

How am I supposed to check in? I don't see any button in the app.`),
		Answers: []demoAnswer{
			{
				Author: "admin", After: 90 * minute, Accepted: true,
				Body: md(`
Check-in is done by **scanning the QR code on the desk** with the desk booking app (the small sticker on the front edge, next to the desk number). There is no button; the scan is the check-in.

Since January, bookings without check-in are released at 10:00 to free unused desks. If the sticker on M4-17 is missing or damaged, reply here and facilities will replace it. You can also check in from the booking itself if you are on the office Wi-Fi: open the booking → **I'm here**.`),
				Comments: []demoComment{
					{Author: "priya.nair", After: 40 * minute, Body: "The sticker was hidden under the monitor stand. Scanned it, works now."},
				},
			},
		},
	},
	{
		Key: "krankmeldung", Author: "anna.schmidt", DaysAgo: 8.5,
		Title: "Krankmeldung eintragen, wenn die Führungskraft im Urlaub ist",
		Tags:  []string{"sick-leave", "hr-portal"},
		Body: md(`
Ich bin seit gestern krank und habe das im HR-Portal eingetragen. Meine Führungskraft ist aber zwei Wochen im Urlaub, und der Antrag steht auf „Genehmigung ausstehend“. Muss ich noch etwas tun, damit das nicht als unentschuldigtes Fehlen zählt?`),
		Answers: []demoAnswer{
			{
				Author: "sabine.keller", After: 3 * hour,
				Body: md(`
Keine Sorge: Krankmeldungen brauchen gar keine Genehmigung, der Status ist nur eine Information für die Führungskraft. Entscheidend ist, dass die Meldung **am ersten Tag** eingetragen ist, und das hast du gemacht.

Ab dem vierten Kalendertag braucht HR die Arbeitsunfähigkeitsbescheinigung. Bei gesetzlich Versicherten ruft HR die eAU selbst bei der Krankenkasse ab, du musst nichts hochladen.

Gute Besserung!`),
			},
		},
	},
	{
		Key: "kilometergeld", Author: "anna.schmidt", DaysAgo: 1.2,
		Title: "Kilometerpauschale für Fahrt mit dem Privatwagen zum Kunden abrechnen",
		Tags:  []string{"expenses", "mileage"},
		Body: md(`
Ich war letzte Woche mit meinem eigenen Auto beim Kunden in Lübeck (Hin- und Rückfahrt ca. 150 km). Wie rechne ich das in Concur ab? Es gibt dort „Kilometergeld“ und „Fahrtkosten Privat-Pkw“, und ich weiß nicht, welche Kategorie richtig ist.

Reicht es, die Kilometer einzutragen, oder brauche ich einen Nachweis?`),
	},
}
