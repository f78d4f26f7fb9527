; Inno Setup script for SEN Secretariat on Windows: a per-user installer that needs no
; administrator rights (council laptops rarely give staff those).
;
; Build the frozen folder first:  python packaging\build.py
;   (writes dist\sen-desktop\, dist\icons\sen-desktop.ico and dist\build-info.ini)
; then compile this script:        iscc packaging\windows\sen-desktop.iss
; Output: dist\installer\SEN-Secretariat-Setup-<version>.exe
;
; What it does for the person installing: copies the app to
; %LOCALAPPDATA%\Programs\SEN Secretariat ({userpf}), adds "SEN Secretariat" to their
; Start menu (and, if they tick it, the desktop), and registers an uninstaller under
; Settings > Apps. The data folder (%LOCALAPPDATA%\SEN Secretariat, with its backups
; folder) holds the programme's records and is never removed by the uninstaller.

#define AppName "SEN Secretariat"
#define AppPublisher "County Council SEN Services"
#define AppExe "SEN Secretariat.exe"
#define DistDir AddBackslash(SourcePath) + "..\..\dist"
#define SourceDir DistDir + "\sen-desktop"

; The version is the frozen package's own (sen_desktop.__version__), which the build
; writes to dist\build-info.ini; iscc /DAppVersion=x.y.z overrides it.
#ifndef AppVersion
  #define AppVersion ReadIni(DistDir + "\build-info.ini", "app", "version", "")
#endif
#if AppVersion == ""
  #error Build the app first (python packaging\build.py): dist\build-info.ini is missing.
#endif

[Setup]
; A fixed AppId keeps upgrades in place; never change it.
AppId={{6C1F0C3E-5E7B-4B57-9D0A-2F3C9A1E5B21}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
; Per user, never elevated: the app goes under the user's own Programs folder and the
; uninstaller is registered for this user alone.
PrivilegesRequired=lowest
DefaultDirName={userpf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UsedUserAreasWarning=no
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#DistDir}\installer
OutputBaseFilename=SEN-Secretariat-Setup-{#AppVersion}
SetupIconFile={#DistDir}\icons\sen-desktop.ico
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
Uninstallable=yes
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
; The program refuses a second instance; ask Setup to close a running one first.
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; The Start menu entry, in this user's Start menu.
Name: "{userprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Groups, meetings, minutes and the action plan of the SEN programme"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

; The .senbundle file association belongs here once the program accepts a bundle
; path on its command line (sync-by-export); until then a double-click would fail.

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the uninstaller removes what Setup installed, and the data folder
; (%LOCALAPPDATA%\SEN Secretariat, with its backups) is deliberately left alone.
