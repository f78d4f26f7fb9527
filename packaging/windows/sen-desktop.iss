; Inno Setup script for SEN Secretariat on Windows.
; Build the frozen folder first:  pyinstaller --noconfirm packaging\sen-desktop.spec
; then compile this script:        iscc packaging\windows\sen-desktop.iss
; Output: dist\installer\SEN-Secretariat-Setup-<version>.exe

#define AppName "SEN Secretariat"
; Pass the release with iscc /DAppVersion=x.y.z; keep the default equal to
; sen_desktop.__version__.
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppPublisher "County Council SEN Services"
#define AppExe "SEN Secretariat.exe"
#define SourceDir "..\..\dist\sen-desktop"

[Setup]
; A fixed AppId keeps upgrades in place; never change it.
AppId={{6C1F0C3E-5E7B-4B57-9D0A-2F3C9A1E5B21}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher={#AppPublisher}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Council laptops rarely give staff admin rights: install per user unless asked.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist\installer
OutputBaseFilename=SEN-Secretariat-Setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
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
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

; The .senbundle file association belongs here once the program accepts a bundle
; path on its command line (sync-by-export); until then a double-click would fail.

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The data folder (%LOCALAPPDATA%\SEN Secretariat) holds the programme's records and
; is deliberately not removed on uninstall.
