package seed

// demoDevices: printers, laptops, monitors, Teams, Outlook, OneDrive.
var demoDevices = []demoQuestion{
	{
		Key: "drucker-leer", Author: "lukas.weber", DaysAgo: 52.0,
		Title: "Drucker im 3. OG druckt nur leere Seiten",
		Tags:  []string{"printer", "toner"},
		Body: md(`
Der große Drucker im 3. OG (neben der Teeküche, Inventarnummer PRN-S3-02) zieht das Papier ein, aber alle Seiten kommen komplett leer raus. Egal ob FollowMe-Druck vom Laptop oder Kopie direkt am Gerät.

Das Display meldet keinen Fehler, Toner steht auf 100 %. Seit heute Morgen, gestern ging es noch.`),
		Answers: []demoAnswer{
			{
				Author: "support", After: 35 * minute, Accepted: true,
				Body: md(`
Laut Wartungsprotokoll wurde an PRN-S3-02 gestern Abend die Tonerkartusche getauscht. "100 %" und komplett leere Seiten heißt fast immer: **Die Transportsicherung der neuen Kartusche ist noch drin.**

1. Vordere Klappe öffnen, schwarze Kartusche (K) herausziehen.
2. Auf der rechten Seite hängt eine orange Lasche mit Klebestreifen: ganz herausziehen (ca. 50 cm).
3. Kartusche wieder einsetzen, Klappe zu, eine Testseite drucken.

Falls du dich nicht rantraust: Ticket mit der Inventarnummer reicht, der Techniker ist morgen ohnehin im Haus.`),
				Comments: []demoComment{
					{Author: "lukas.weber", After: 20 * minute, Body: "Genau das war's, die Lasche steckte noch komplett drin. Druckt wieder, danke!"},
				},
			},
		},
	},
	{
		Key: "outlook-shared", Author: "priya.nair", DaysAgo: 49.5,
		Title: "Shared mailbox does not appear in Outlook after access was granted",
		Tags:  []string{"outlook", "shared-mailbox"},
		Body: md(`
My manager requested access to the team mailbox ´data-platform@example.com´ for me. The ticket was closed yesterday as "done", and I can open the mailbox in Outlook on the web. But it does not show up in the folder list of Outlook on my laptop, even after restarting Outlook twice.

Outlook version: Microsoft 365 Apps, the classic Outlook.`),
		Answers: []demoAnswer{
			{
				Author: "support", After: 2*hour + 15*minute, Accepted: true,
				Body: md(`
Shared mailboxes are added automatically ("auto-mapping"), but classic Outlook only picks that up when it rebuilds its autodiscover cache, which can take a few hours. You can speed it up:

1. Close Outlook completely (check the tray icon as well).
2. Sign out and back in to Windows, or run ´klist purge´ in a command prompt.
3. Start Outlook; the mailbox should appear at the bottom of the folder pane within a few minutes.

If it is still missing the next morning, add it by hand: **File → Account Settings → Account Settings → Change → More Settings → Advanced → Add** and type ´data-platform´.

Note that adding it by hand means Outlook downloads it into your cached mode file; for large shared mailboxes auto-mapping is the better option.`),
				Comments: []demoComment{
					{Author: "priya.nair", After: 26 * hour, Body: "It showed up this morning on its own. Good to know about the manual way, thanks."},
				},
			},
		},
	},
	{
		Key: "teams-headset", Author: "ben.miller", DaysAgo: 47.0,
		Title: "Teams ignores my Jabra headset microphone – others hear the laptop mic",
		Tags:  []string{"microsoft-teams", "headset"},
		Body: md(`
In Teams calls people hear me through the laptop microphone (with all the keyboard noise), even though I use my Jabra Evolve2 65 headset. Sound *from* the call comes through the headset correctly.

In Windows sound settings the Jabra is set as the default device for both input and output.`),
		Answers: []demoAnswer{
			{
				Author: "priya.nair", After: 50 * minute, Accepted: true,
				Body: md(`
Teams has its own device settings that override Windows. In Teams: **··· → Settings → Devices → Audio devices** and pick the Jabra there, not "Default device" or "Custom setup". If Custom setup is selected, the microphone list is the one that wins.

Also worth checking: if the headset is connected via its USB dongle *and* via Bluetooth to the laptop, Windows sees two devices. Remove the Bluetooth pairing and only use the dongle.`),
				Comments: []demoComment{
					{Author: "ben.miller", After: 2 * hour, Body: "It was on \"Custom setup\" with the laptop mic. Fixed, thanks!"},
				},
			},
			{
				Author: "support", After: 4 * hour,
				Body: md(`
And please update the headset firmware once: **Jabra Direct** is in the Software Center. Firmware before 2.12 has a known bug where the microphone switches to the laptop after a Teams update.`),
			},
		},
	},
	{
		Key: "bitlocker-bios", Author: "ben.miller", DaysAgo: 41.7,
		Title: "Laptop asks for BitLocker recovery key after BIOS update",
		Tags:  []string{"laptop", "bitlocker", "bios-update"},
		Body: md(`
Last night the Lenovo Vantage tool installed a BIOS update. This morning the laptop shows a blue BitLocker screen asking for a 48-digit recovery key. I'm in a hotel without access to another computer, only my phone. How do I get the key?`),
		Answers: []demoAnswer{
			{
				Author: "support", After: 25 * minute, Accepted: true,
				Body: md(`
You can get the key yourself from your phone:

1. Open ´https://myaccount.microsoft.com´ on the phone and sign in with your company account.
2. Go to **Devices**, find your laptop (the name is on the sticker, e.g. ´NB-L-04711´) and tap **View BitLocker Keys**.
3. Compare the *Key ID* shown on the blue screen with the one on the page (first 8 characters) and type the recovery key.

After Windows has started, open an admin prompt (or ask us remotely) and check the protectors, so it does not happen at the next reboot:

´´´powershell
manage-bde -status C:
manage-bde -protectors -get C:
´´´

BIOS updates should suspend BitLocker first; Lenovo Vantage does not always do that. We are removing its automatic BIOS updates for all laptops this week.`),
				Comments: []demoComment{
					{Author: "ben.miller", After: 40 * minute, Body: "Got the key on my phone and I'm back in. Thanks for the quick answer."},
				},
			},
		},
	},
	{
		Key: "teams-schwarz", Author: "anna.schmidt", DaysAgo: 28.6,
		Title: "Bildschirmfreigabe in Teams zeigt den anderen nur ein schwarzes Bild",
		Tags:  []string{"microsoft-teams", "screen-sharing", "external-monitor"},
		Body: md(`
Wenn ich in Teams meinen Bildschirm teile, sehen die anderen nur ein schwarzes Bild mit meinem Mauszeiger. Das passiert nur, wenn ich den großen Monitor an der Dockingstation teile. Der Laptop-Bildschirm funktioniert.

Ich nutze die neue Teams-Version, Windows 11, Dockingstation mit zwei Monitoren.`),
		Answers: []demoAnswer{
			{
				Author: "lukas.weber", After: 80 * minute, Accepted: true,
				Body: md(`
Das ist die klassische DisplayLink-Kombination: Die Monitore an der Dockingstation laufen über einen DisplayLink-Treiber, und den kann Teams mit Hardwarebeschleunigung nicht abgreifen.

Zwei Möglichkeiten:

- **DisplayLink-Treiber aktualisieren** (Software Center → „DisplayLink Graphics“), ab Version 11.2 geht es.
- Oder in Teams unter **Einstellungen → Allgemein** die Option „GPU-Hardwarebeschleunigung deaktivieren“ setzen und Teams neu starten.

Ich hatte das gleiche Problem, nach dem Treiber-Update war es weg.`),
				Comments: []demoComment{
					{Author: "anna.schmidt", After: 3 * hour, Body: "Treiber aktualisiert, jetzt geht es. Danke dir!"},
				},
			},
			{
				Author: "sabine.keller", After: 5 * hour,
				Body: md(`
Ergänzung von der IT: Wir verteilen die neue DisplayLink-Version ab nächster Woche automatisch an alle Laptops. Bis dahin ist das Update aus dem Software Center der schnellste Weg.`),
			},
		},
	},
	{
		Key: "followme-mac", Author: "priya.nair", DaysAgo: 27.3,
		Title: "How do I add the FollowMe printer on a Mac?",
		Tags:  []string{"printer", "followme-printing", "macos"},
		Body: md(`
I just switched to a MacBook. On Windows the FollowMe printer was there automatically, but on the Mac I only see a few printers via AirPrint, and they print immediately instead of waiting for my badge.

How do I set up FollowMe printing on macOS?`),
		Answers: []demoAnswer{
			{
				Author: "support", After: 2 * hour, Accepted: true,
				Body: md(`
On Macs FollowMe is installed through **Self Service**, not AirPrint:

1. Open **Self Service** (in Applications) and search for "FollowMe".
2. Click **Install**. It adds the printer ´FollowMe-Secure´ and the driver.
3. The first time you print, macOS asks for credentials: use ´CORP\yourusername´ and your normal password, and tick "Remember this password in my keychain".

Please remove the AirPrint printers you added. They bypass FollowMe and print right away, which is exactly how confidential pages end up in the output tray.`),
			},
		},
	},
	{
		Key: "outlook-zeitzone", Author: "lukas.weber", DaysAgo: 25.0,
		Title: "Outlook zeigt Termine mit den US-Kollegen eine Stunde verschoben",
		Tags:  []string{"outlook", "calendar"},
		Body: md(`
Unser wöchentliches Meeting mit dem Team in Chicago steht seit dieser Woche bei mir um 16:00 statt 17:00 im Kalender. Die Kollegen dort sagen, bei ihnen hat sich nichts geändert. Zwei Leute bei uns im Team haben das gleiche Problem.

Ist das ein Fehler in Outlook?`),
		Answers: []demoAnswer{
			{
				Author: "sabine.keller", After: 45 * minute, Accepted: true,
				Body: md(`
Kein Fehler, sondern die Zeitumstellung: Die USA stellen im Frühjahr bis zu drei Wochen **früher** und im Herbst etwa eine Woche **später** um als Europa. In dieser Zeit ist der Abstand zwischen Deutschland und Chicago nur 6 statt 7 Stunden.

Outlook macht das richtig, weil die Serie in der Zeitzone *Central Time* angelegt wurde: Für die Kollegen in Chicago bleibt es 10:00 Uhr, bei uns verschiebt es sich. Ab dem letzten Sonntag im März (im Herbst: ab dem ersten Sonntag im November) passt es wieder.

Wenn das Meeting für euch fest bleiben soll, muss der Organisator die Serie in unserer Zeitzone anlegen, dann verschiebt es sich eben für Chicago.`),
				Comments: []demoComment{
					{Author: "lukas.weber", After: 1 * hour, Body: "Ah, das erklärt es. Dann halten wir die drei Wochen durch. Danke!"},
				},
			},
		},
	},
	{
		Key: "onedrive-kreuze", Author: "lukas.weber", DaysAgo: 15.0,
		Title: "OneDrive zeigt bei allen Dateien rote Kreuze",
		Tags:  []string{"onedrive", "file-sync"},
		Body: md(`
Seit dem Neustart heute Morgen haben im Explorer alle Dateien in OneDrive ein rotes Kreuz. Das Wolkensymbol in der Taskleiste sagt „Synchronisierung ausstehend“, aber es passiert nichts. Neue Dateien kommen auch nicht auf den anderen Geräten an.

Platz ist genug da (120 GB frei).`),
		Answers: []demoAnswer{
			{
				Author: "support", After: 1 * hour, Accepted: true,
				Body: md(`
Meistens hängt der Sync-Client nach einem Update. Ein Reset löscht **keine** Dateien, er baut nur die Verbindung neu auf:

´´´powershell
& "$env:LOCALAPPDATA\Microsoft\OneDrive\onedrive.exe" /reset
# nach ein bis zwei Minuten neu starten, falls das Symbol nicht von selbst zurückkommt
& "$env:LOCALAPPDATA\Microsoft\OneDrive\onedrive.exe"
´´´

Bei vielen Dateien dauert der Abgleich danach eine Weile. Wenn nach einer Stunde noch Kreuze da sind: Rechtsklick auf das Wolkensymbol → **Hilfe & Einstellungen → Synchronisierungsprobleme anzeigen** und die Meldung hier posten.`),
				Comments: []demoComment{
					{Author: "lukas.weber", After: 2 * hour, Body: "Reset hat geholfen, nach 20 Minuten war alles wieder grün."},
				},
			},
		},
	},
	{
		Key: "dock-monitor", Author: "ben.miller", DaysAgo: 12.4,
		Title: "Second monitor on the docking station stays black after Windows update",
		Tags:  []string{"docking-station", "external-monitor", "windows-11"},
		Body: md(`
Since the Windows update on Tuesday, only one of my two monitors on the docking station works. The second one says "No signal". Both are connected via DisplayPort to a Dell WD19S dock.

What I tried:

1. Swapping the cables between the monitors: the problem moves with the port, not the monitor
2. Unplugging the dock's power for a minute
3. ´Win + P´ → Extend

Windows display settings only show two displays (laptop + one monitor).`),
		Answers: []demoAnswer{
			{
				Author: "priya.nair", After: 3 * hour,
				Body: md(`
I had the same after that update: the dock firmware was too old for the new Intel graphics driver. Dell's *Dock Firmware Update* in the Software Center fixed it (takes 5 minutes, laptop must be on power, don't undock while it runs).`),
			},
			{
				Author: "support", After: 6 * hour,
				Body: md(`
Confirmed, WD19S docks with firmware older than 01.00.32 lose the second DisplayPort output with graphics driver 31.0.101.5333. Besides the dock firmware, you can check the driver version with:

´´´powershell
Get-CimInstance Win32_VideoController | Select-Object Name, DriverVersion
´´´

If the firmware update does not help, open a ticket and mention the dock's service tag; we have a few replacement docks in stock.`),
				Comments: []demoComment{
					{Author: "ben.miller", After: 30 * hour, Body: "Firmware update ran, but the second monitor is still black. Opened a ticket with the service tag."},
				},
			},
		},
	},
	{
		Key: "scan-to-mail", Author: "lukas.weber", DaysAgo: 3.1,
		Title: "Scan-to-Mail am Kopierer im 2. OG kommt nicht an",
		Tags:  []string{"scanner", "scan-to-email"},
		Body: md(`
Wenn ich am Kopierer im 2. OG (Gebäude B) ein Dokument an „Meine E-Mail“ scanne, zeigt das Gerät „Übertragung erfolgreich“, aber die Mail kommt nie an. Auch nicht im Junk-Ordner.

Scannen auf den USB-Stick funktioniert. Kollegen haben das gleiche Problem, am Kopierer im 1. OG geht es.`),
	},
	{
		Key: "teams-recording", Author: "priya.nair", DaysAgo: 2.0,
		Title: "Teams meeting recording does not show up in the chat after the meeting",
		Tags:  []string{"microsoft-teams", "recordings"},
		Body: md(`
I recorded our sprint review yesterday (about 50 minutes). Teams showed the red "Recording" banner the whole time, but after the meeting no recording appeared in the meeting chat, and I cannot find it in my OneDrive under **Recordings** either.

Is it lost? Several people missed the meeting and need it.`),
		Comments: []demoComment{
			{Author: "sabine.keller", After: 3 * hour, Body: "Was the meeting in a channel? Then the recording goes to the channel's SharePoint folder, not to your OneDrive."},
			{Author: "priya.nair", After: 4 * hour, Body: "No, it was a normal calendar meeting that I organised."},
		},
	},
	{
		Key: "battery-swollen", Author: "ben.miller", DaysAgo: 0.4,
		Title: "Laptop battery seems swollen – the touchpad is lifting",
		Tags:  []string{"laptop", "battery", "hardware-replacement"},
		Body: md(`
The touchpad of my ThinkPad has started to bulge upwards and clicks by itself. The bottom cover also doesn't sit flat anymore. The laptop is about three and a half years old.

How do I get this replaced quickly? I'm in the London office until Thursday.`),
		Comments: []demoComment{
			{Author: "sabine.keller", After: 25 * minute, Body: "Please stop using and charging it right away and keep it away from anything flammable. Call the hotline (4444) so they can arrange a loaner today."},
		},
	},
}
