package seed

// demoAccess: VPN, passwords, MFA, Wi-Fi, security, developer network access, phones.
var demoAccess = []demoQuestion{
	{
		Key: "vpn-drops", Author: "ben.miller", DaysAgo: 58.4,
		Title: "GlobalProtect VPN drops every 10 minutes when working from home",
		Tags:  []string{"vpn", "globalprotect", "home-office"},
		Body: md(`
Since last week my VPN connection drops roughly every 10 minutes when I work from home. GlobalProtect shows "Disconnected" for a few seconds, then reconnects on its own, but Teams calls freeze and I lose my SAP session every time.

What I tried:

- Restarted the laptop and the router
- Switched from Wi-Fi to a LAN cable: same behaviour
- Reinstalled GlobalProtect from the Software Center

The log (Settings → Troubleshooting) shows this line each time:

´´´text
(T4012) Tunnel is down due to keep-alive timeout.
´´´

Laptop: ThinkPad T14, Windows 11. Internet at home is a 100 Mbit cable connection. Any idea?`),
		Edit: &demoEdit{After: 2*hour + 10*minute, Comment: "Added the gateway I am connected to", Body: md(`
Since last week my VPN connection drops roughly every 10 minutes when I work from home. GlobalProtect shows "Disconnected" for a few seconds, then reconnects on its own, but Teams calls freeze and I lose my SAP session every time.

What I tried:

- Restarted the laptop and the router
- Switched from Wi-Fi to a LAN cable: same behaviour
- Reinstalled GlobalProtect from the Software Center

The log (Settings → Troubleshooting) shows this line each time:

´´´text
(T4012) Tunnel is down due to keep-alive timeout.
´´´

Laptop: ThinkPad T14, Windows 11. Internet at home is a 100 Mbit cable connection. Any idea?

**Update:** GlobalProtect says I am connected to the gateway ´vpn-lon-2´. Colleagues in the office next door use ´vpn-fra-1´.`)},
		Answers: []demoAnswer{
			{
				Author: "support", After: 3*hour + 25*minute, Accepted: true,
				Body: md(`
´vpn-lon-2´ had a bad keep-alive setting after last week's firmware update; we rolled it back yesterday evening. Please reconnect so you get a fresh tunnel, and if it still drops, pin yourself to Frankfurt:

1. Click the GlobalProtect icon → the three dots → **Settings**.
2. Under **General**, keep the portal ´vpn.corp.example´ and press **Refresh Connection**.
3. Then choose **Change Gateway** → ´vpn-fra-1´.

If your home router is a cable box, also check that its "IPsec passthrough" or "VPN passthrough" option is on. You can see whether the tunnel adapter flaps with:

´´´powershell
Get-NetAdapter | Where-Object InterfaceDescription -like '*PANGP*' |
    Format-Table Name, Status, LinkSpeed
Get-WinEvent -LogName System -MaxEvents 50 |
    Where-Object Message -like '*PANGP*' | Select-Object TimeCreated, Message
´´´

If you still see T4012 after switching gateways, reply here with the time it happened and we will look at the gateway logs.`),
				Comments: []demoComment{
					{Author: "ben.miller", After: 5 * hour, Body: "Switched to vpn-fra-1 and it has been stable all afternoon. Thanks!"},
				},
			},
			{
				Author: "priya.nair", After: 6 * hour,
				Body: md(`
Not the same cause, but a similar symptom: for me it was the "DNS rebind protection" of my FRITZ!Box. After every DHCP renewal the tunnel died. Adding ´corp.example´ as an exception under **Home Network → Network → Network Settings → DNS Rebind Protection** fixed it.`),
			},
		},
	},
	{
		Key: "passwort-sms", Author: "anna.schmidt", DaysAgo: 55.2,
		Title: "Passwort zurücksetzen funktioniert nicht – es kommt kein SMS-Code",
		Tags:  []string{"password", "password-reset", "self-service-portal"},
		Body: md(`
Mein Passwort ist heute früh abgelaufen. Im Self-Service-Portal klicke ich auf „Passwort vergessen“, gebe meine Personalnummer ein, und dann steht da „Wir haben Ihnen einen Code gesendet“. Es kommt aber keine SMS an, auch nach 20 Minuten nicht.

Ich habe seit zwei Wochen ein neues Diensthandy, die Nummer ist aber gleich geblieben. Am Laptop komme ich so natürlich nicht mehr rein, ich schreibe gerade vom Kiosk-PC im Foyer. Was kann ich tun?`),
		Answers: []demoAnswer{
			{
				Author: "sabine.keller", After: 40 * minute, Accepted: true,
				Body: md(`
Das liegt fast immer am neuen Handy: Das Portal schickt die SMS nicht an die Nummer aus dem Telefonbuch, sondern an die **Nummer, die unter „Sicherheitsinformationen“ hinterlegt ist**. Bei einem Gerätetausch wird dort oft noch die alte eSIM geführt, und die ist deaktiviert.

So kommst du weiter:

1. Ruf die Hotline an (Durchwahl **4444**) und lass dir einen *temporären Zugriffspass* geben. Dafür fragen wir zwei Angaben aus dem HR-System ab.
2. Melde dich mit dem Pass unter ´https://mysignins.microsoft.com/security-info´ an.
3. Trage die Handynummer neu ein (oder besser: richte die Authenticator-App ein) und lösche die alte Methode.
4. Danach kannst du das Passwort im Self-Service-Portal selbst zurücksetzen.

Die neue Methode gilt sofort, du musst nicht auf eine Synchronisation warten.`),
				Comments: []demoComment{
					{Author: "anna.schmidt", After: 90 * minute, Body: "Hat geklappt, es war tatsächlich noch die alte eSIM eingetragen. Danke!"},
				},
			},
		},
		Comments: []demoComment{
			{Author: "support", After: 25 * minute, Body: "Kurze Frage: Hast du die SMS-Filter am neuen Handy geprüft? Manche Geräte sortieren Kurzwahl-Absender in „Spam“ ein."},
		},
	},
	{
		Key: "mfa-new-phone", Author: "ben.miller", DaysAgo: 37.0,
		Title: "Moving Microsoft Authenticator to a new phone without locking myself out",
		Tags:  []string{"mfa", "authenticator-app", "new-phone"},
		Body: md(`
I get a new iPhone on Friday and have to return the old one the same day. Everything (Outlook, Teams, the VPN, Concur) uses the Authenticator app for MFA.

What is the right order of steps so I do not end up locked out while travelling next week? I remember a colleague needed two days to get access back.`),
		Answers: []demoAnswer{
			{
				Author: "support", After: 55 * minute, Accepted: true,
				Body: md(`
Good that you ask before the swap. Do it in this order, **while you still have the old phone**:

1. On the laptop, open ´https://mysignins.microsoft.com/security-info´ and sign in (approve on the old phone).
2. Click **Add sign-in method → Microsoft Authenticator** and scan the QR code with the app on the **new** phone.
3. Approve the test notification on the new phone.
4. Set the new phone as **Default sign-in method** (the "Change" link at the top).
5. Only now delete the entry for the old phone, and then reset the old phone.

Also add your mobile number as a second method (SMS), so you have a fallback when travelling.

If the old phone is already gone, call the hotline: we can issue a *Temporary Access Pass* valid for 8 hours, but we must verify your identity first, which is what takes time.`),
				Comments: []demoComment{
					{Author: "ben.miller", After: 3 * day, Body: "Did it this morning in five minutes, worked perfectly. The iCloud backup did NOT carry the accounts over, so the manual steps were needed."},
				},
			},
		},
	},
	{
		Key: "guest-wifi", Author: "anna.schmidt", DaysAgo: 40.2,
		Title: "Gäste-WLAN für einen Kundenbesuch am Donnerstag einrichten",
		Tags:  []string{"wifi", "guest-wifi"},
		Body: md(`
Am Donnerstag kommen vier Leute von einem Kunden zu uns nach Hamburg, ganztägiger Workshop im Raum Elbe (5. OG). Sie brauchen WLAN für ihre eigenen Laptops.

Muss ich das vorher beantragen, oder bekommen sie den Zugang am Empfang? Und reicht das Gäste-WLAN für Videocalls?`),
		Answers: []demoAnswer{
			{
				Author: "sabine.keller", After: 2 * hour, Accepted: true,
				Body: md(`
Du kannst die Zugänge selbst anlegen, dann müssen die Gäste am Empfang nicht warten:

- Im Intranet unter **Services → Gäste-WLAN** auf „Zugang anlegen“ klicken.
- Name und E-Mail-Adresse des Gastes eintragen, Gültigkeit bis zu 7 Tage.
- Die Zugangsdaten gehen per Mail an den Gast und in Kopie an dich.

Das Netz heißt ´Guest´, ist vom Firmennetz getrennt und auf 20 Mbit/s pro Gerät begrenzt. Für Teams- oder Zoom-Calls reicht das problemlos.

Falls du spontan Zugänge brauchst: Der Empfang kann auch vor Ort Tagescodes ausdrucken.`),
				Comments: []demoComment{
					{Author: "anna.schmidt", After: 30 * minute, Body: "Perfekt, habe die vier Zugänge gerade angelegt. Danke!"},
				},
			},
		},
	},
	{
		Key: "phishing-mailbox", Author: "priya.nair", DaysAgo: 17.2,
		Title: "Email from 'IT Support' asks me to re-validate my mailbox – phishing?",
		Tags:  []string{"phishing", "security", "email"},
		Body: md(`
I just received this email:

> **Subject:** Action required: mailbox storage validation
> Your mailbox has exceeded the storage limit. Validate your account within 24 hours to avoid suspension: *Validate now*

The sender shows as "IT Support" and the logo looks right. The link goes to a page that looks exactly like our login page. I have **not** entered anything. Is this real? Should I forward it somewhere?`),
		Answers: []demoAnswer{
			{
				Author: "support", After: 12 * minute, Accepted: true,
				Body: md(`
This is phishing, and you did exactly the right thing by not entering anything. IT never asks you to "validate" a mailbox by link.

Please:

1. Do **not** forward it. Use the **Report phishing** button in the Outlook ribbon (or ··· → Report → Phishing in the new Outlook). It goes to the security team with all headers and is removed from your inbox.
2. If you did click the link, that alone is usually harmless, but tell us anyway.
3. If you *did* enter your password anywhere, change it at once and call the hotline (4444) so we can revoke your sessions.

We have seen about 300 of these since this morning and are blocking the sender domain now.`),
				Comments: []demoComment{
					{Author: "sabine.keller", After: 40 * minute, Body: "Update: the domain is blocked and the mails have been pulled from all mailboxes. Thanks to everyone who reported it."},
				},
			},
		},
	},
	{
		Key: "wsl-dns", Author: "priya.nair", DaysAgo: 30.1,
		Title: "WSL2 has no DNS resolution while connected to the VPN",
		Tags:  []string{"wsl", "vpn", "dns"},
		Body: md(`
As soon as GlobalProtect is connected, nothing inside WSL2 (Ubuntu 22.04) can resolve host names:

´´´shell
$ curl -I https://pypi.org
curl: (6) Could not resolve host: pypi.org
$ ping 10.10.0.53
PING 10.10.0.53 (10.10.0.53) 56(84) bytes of data.
64 bytes from 10.10.0.53: icmp_seq=1 ttl=127 time=18.3 ms
´´´

So the network works, only DNS does not. Without the VPN everything is fine. How do other developers handle this?`),
		Edit: &demoEdit{After: 50 * minute, Tags: []string{"wsl", "vpn", "dns", "linux"}, Comment: "Added the linux tag"},
		Answers: []demoAnswer{
			{
				Author: "lukas.weber", After: 2*hour + 5*minute, Accepted: true,
				Body: md(`
WSL generates ´/etc/resolv.conf´ from the Windows adapters when it starts, and the VPN adapter is not picked up if it comes up later. Two ways around it:

**Option 1 (recommended):** mirrored networking, available on current Windows 11 builds. In ´%UserProfile%\.wslconfig´:

´´´ini
[wsl2]
networkingMode=mirrored
dnsTunneling=true
´´´

Then ´wsl --shutdown´ and start Ubuntu again.

**Option 2:** a static resolver. In ´/etc/wsl.conf´:

´´´ini
[network]
generateResolvConf = false
´´´

and then:

´´´shell
sudo rm /etc/resolv.conf
printf 'nameserver 10.10.0.53\nnameserver 10.20.0.53\nsearch corp.example\n' | sudo tee /etc/resolv.conf
´´´

Option 2 breaks DNS when you are *off* the VPN, so I would go with option 1.`),
				Comments: []demoComment{
					{Author: "priya.nair", After: 45 * minute, Body: "Option 1 works, including pip through the proxy. Thank you!"},
				},
			},
		},
	},
	{
		Key: "git-ssl", Author: "priya.nair", DaysAgo: 6.3,
		Title: "git clone fails with 'SSL certificate problem: unable to get local issuer certificate'",
		Tags:  []string{"git", "certificates", "proxy"},
		Body: md(`
Cloning from GitHub works at home but fails in the office:

´´´text
$ git clone https://github.com/pandas-dev/pandas.git
Cloning into 'pandas'...
fatal: unable to access 'https://github.com/pandas-dev/pandas.git/':
SSL certificate problem: unable to get local issuer certificate
´´´

I found advice to set ´http.sslVerify false´, but that feels wrong. What is the proper fix?`),
		Answers: []demoAnswer{
			{
				Author: "lukas.weber", After: 70 * minute, Accepted: true,
				Body: md(`
Please don't turn off verification. The office network inspects TLS, so GitHub's certificate is re-signed by our company root CA, which Git for Windows does not know by default. Tell Git to use the Windows certificate store, which does contain it:

´´´shell
git config --global http.sslBackend schannel
´´´

On Linux or in WSL, install the root CA into the system store instead:

´´´shell
sudo cp corp-root-ca.crt /usr/local/share/ca-certificates/
sudo update-ca-certificates
git config --global http.sslCAInfo /etc/ssl/certs/ca-certificates.crt
´´´

The certificate file is on the intranet page **IT → Certificates**.`),
			},
			{
				Author: "support", After: 5 * hour,
				Body: md(`
Adding to Lukas's answer: Python (´pip´, ´requests´) has the same issue because it ships its own CA bundle. ´pip install pip-system-certs´ makes Python use the Windows store as well.`),
			},
		},
	},
	{
		Key: "phone-usa", Author: "ben.miller", DaysAgo: 21.5,
		Title: "Using my company phone in the US next week – do I need to do anything?",
		Tags:  []string{"mobile-phone", "roaming"},
		Body: md(`
I am flying to Chicago for a customer workshop next Monday (5 days). Will my company phone just work there, including mobile data? Last time in Switzerland I had no data for the first day.`),
		Answers: []demoAnswer{
			{
				Author: "support", After: 3 * hour, Accepted: true,
				Body: md(`
Calls and SMS work worldwide, but **data outside the EU needs a travel package**, otherwise data roaming is blocked to avoid huge bills (Switzerland is not in the EU, hence your experience).

- Order the package **"World Data 5 GB / 7 days"** in the IT shop under Mobile → Travel packages, at least 2 working days before departure.
- It activates automatically when you first connect to a US network.
- Keep Wi-Fi calling on: calls over hotel Wi-Fi are free.

Your manager gets an approval request; the cost (29 EUR) goes to your cost centre.`),
			},
		},
	},
	{
		Key: "vpn-hotel", Author: "ben.miller", DaysAgo: 4.2,
		Title: "VPN does not connect from hotel Wi-Fi with a login page",
		Tags:  []string{"vpn", "remote-access"},
		Body: md(`
Hotel Wi-Fi in Frankfurt: after I connect, GlobalProtect immediately tries to connect and fails with "Portal not reachable". The hotel's login page (where you enter your room number) never shows up, so I can't get online at all.

The phone hotspot works, but I would rather not burn through my data volume every evening. Is there a trick?`),
		Comments: []demoComment{
			{Author: "priya.nair", After: 5 * hour, Body: "Same thing happened to me in Vienna. I ended up opening http://neverssl.com in Edge before the VPN kicked in, but I'm not sure that's the official way."},
		},
	},
}
