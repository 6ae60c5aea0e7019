package seed

// snippets are the code blocks generated answers quote, by key.
var snippets = map[string]*snippet{
	"flushdns":      {Lang: "powershell", Code: "ipconfig /flushdns\nipconfig /registerdns\nGet-DnsClientServerAddress -AddressFamily IPv4 | Where-Object ServerAddresses"},
	"vpnadapter":    {Lang: "powershell", Code: "Get-NetAdapter | Where-Object InterfaceDescription -like '*PANGP*' |\n    Format-List Name, Status, LinkSpeed, MacAddress"},
	"macdns":        {Lang: "shell", Code: "sudo dscacheutil -flushcache\nsudo killall -HUP mDNSResponder\nscutil --dns | grep nameserver"},
	"cmdkey":        {Lang: "powershell", Code: "cmdkey /list | Select-String -Pattern 'MicrosoftOffice|corp'\ncmdkey /delete:LegacyGeneric:target=MicrosoftOffice16_Data:SSPI"},
	"klist":         {Lang: "powershell", Code: "klist purge\ngpupdate /force\nklist"},
	"outlooksafe":   {Lang: "powershell", Code: "# start without add-ins\noutlook.exe /safe\n# rebuild the folder pane if it is empty\noutlook.exe /resetnavpane"},
	"teamscache":    {Lang: "powershell", Code: "Stop-Process -Name ms-teams -ErrorAction SilentlyContinue\nRemove-Item -Recurse -Force \"$env:LOCALAPPDATA\\Packages\\MSTeams_8wekyb3d8bbwe\\LocalCache\\*\""},
	"spooler":       {Lang: "powershell", Code: "# needs an elevated prompt\nRestart-Service -Name Spooler\nGet-PrintJob -PrinterName 'FollowMe' | Remove-PrintJob"},
	"getprinter":    {Lang: "powershell", Code: "Get-Printer | Where-Object Name -like '*FollowMe*' |\n    Select-Object Name, DriverName, PortName, PrinterStatus"},
	"bitlocker":     {Lang: "powershell", Code: "manage-bde -status C:\n(Get-BitLockerVolume -MountPoint C:).KeyProtector | Select-Object KeyProtectorId, KeyProtectorType"},
	"battery":       {Lang: "powershell", Code: "powercfg /batteryreport /output \"$env:USERPROFILE\\Desktop\\battery.html\"\npowercfg /energy /duration 60"},
	"ccmapps":       {Lang: "powershell", Code: "Get-CimInstance -Namespace root\\ccm\\ClientSDK -ClassName CCM_Application |\n    Select-Object Name, InstallState, EvaluationState |\n    Sort-Object Name"},
	"pyvenv":        {Lang: "powershell", Code: "py -m venv .venv\n.venv\\Scripts\\Activate.ps1\npip config set global.index-url https://pypi.corp.example/simple\npip install requests pandas"},
	"netshwlan":     {Lang: "powershell", Code: "netsh wlan show interfaces\nnetsh wlan show profiles"},
	"netshdelete":   {Lang: "powershell", Code: "netsh wlan delete profile name=\"CorpWLAN\"\n# reconnect, then check the certificate\nGet-ChildItem Cert:\\CurrentUser\\My | Where-Object Subject -like '*CorpWLAN*'"},
	"onedrivereset": {Lang: "powershell", Code: "& \"$env:LOCALAPPDATA\\Microsoft\\OneDrive\\onedrive.exe\" /reset\nStart-Sleep -Seconds 30\n& \"$env:LOCALAPPDATA\\Microsoft\\OneDrive\\onedrive.exe\""},
	"netuse":        {Lang: "powershell", Code: "net use\nnet use H: /delete\nnet use H: \\\\fs01.corp.example\\home$\\%USERNAME% /persistent:yes"},
	"sfc":           {Lang: "powershell", Code: "sfc /scannow\nDISM /Online /Cleanup-Image /RestoreHealth"},
	"hotfix":        {Lang: "powershell", Code: "Get-HotFix | Sort-Object InstalledOn -Descending | Select-Object -First 5 HotFixID, InstalledOn"},
	"macprofiles":   {Lang: "shell", Code: "sudo profiles status -type enrollment\nsudo jamf recon\nsudo jamf policy"},
	"gitproxy":      {Lang: "shell", Code: "git config --global http.https://github.com/.proxy http://proxy.corp.example:8080\ngit config --global --get-regexp proxy"},
	"cacert":        {Lang: "shell", Code: "sudo cp corp-root-ca.crt /usr/local/share/ca-certificates/\nsudo update-ca-certificates\ncurl -I https://intranet.corp.example"},
	"wslresolv":     {Lang: "shell", Code: "# /etc/wsl.conf\n[network]\ngenerateResolvConf = false\n\n# then, after wsl --shutdown:\necho 'nameserver 10.10.0.53' | sudo tee /etc/resolv.conf"},
}
