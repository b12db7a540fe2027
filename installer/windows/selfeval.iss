; Inno Setup script: the Windows 10/11 setup program of 绩效自评编制工具 (selfeval).
;
; Build it with installer\windows\build.ps1 on Windows or installer/windows/wine-build.sh on Linux (both run
; installer\windows\build_windows.py: the PyInstaller bundle first, then this script through ISCC);
; it passes what this script must not hard-code:
;   /DAppVersion=<version>         [project] version of pyproject.toml
;   /DBundleDir=<dist\selfeval>    the PyInstaller onedir folder (installer/selfeval.spec, COLLECT name)
;   /DChineseMessages=<file.isl>   the Simplified Chinese messages of the wizard (see below)
;
; Per user, without administrator rights (government PCs): PrivilegesRequired=lowest installs into
; %LOCALAPPDATA%\Programs\selfeval, writes only HKEY_CURRENT_USER, and puts the shortcuts in the user's
; own Start menu and desktop. The user's data (%LOCALAPPDATA%\selfeval: the database, its backups, the
; settings, the logs) is never touched: the uninstaller removes only the files this setup installed and
; its own registry keys, and says where the data was kept.
;
; Chinese wizard: installer\windows\ChineseSimplified.isl, the project's own Simplified Chinese translation of
; Inno Setup 6.4's messages (every entry of its Default.isl; MIT like the project). Inno Setup 6 ships no
; Simplified Chinese messages, and the build never downloads any: the file is part of the repository.
; build_windows.py passes it as /DChineseMessages (its --chinese-isl names another file).
;
; This file is UTF-8 with a byte-order mark, so that every Inno Setup 6 release reads the Chinese text.

#ifndef AppVersion
  #error 请用 installer\windows\build.ps1 编译：它从 pyproject.toml 读出版本号，以 /DAppVersion=版本号 传入。
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\selfeval"
#endif
#ifndef ChineseMessages
  #define ChineseMessages "ChineseSimplified.isl"
#endif

#define AppName "绩效自评编制工具"
#define AppExe "selfeval-gui.exe"
#define DataDir "{localappdata}\selfeval"
#define FileProgId "selfeval.exchange"

[Setup]
; Never change AppId: later versions find and replace the installed one by it.
AppId={{C99447FB-5729-478D-8BF1-825556AEE07C}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
VersionInfoDescription={#AppName} 安装程序
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\selfeval
DisableProgramGroupPage=yes
DisableDirPage=auto
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
ChangesAssociations=yes
CloseApplications=yes
ShowLanguageDialog=no
WizardStyle=modern
SetupIconFile=..\..\resources\icons\selfeval.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir=..\..\dist
OutputBaseFilename=selfeval-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes

[Languages]
Name: "chinesesimplified"; MessagesFile: "{#ChineseMessages}"

[CustomMessages]
chinesesimplified.FileTypeName=绩效自评交换文件
chinesesimplified.DataKept=程序已卸载。您的报告数据保存在“%1”中，没有删除。如确实不再需要，可以手动删除该文件夹。

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
; The whole PyInstaller folder: selfeval.exe (command line), selfeval-gui.exe (no console window) and
; _internal\ (Python, Qt, the app, resources\ with the licences shown in 关于).
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "编制部门整体支出绩效自评表说明"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Registry]
; .selfeval files (exchange files between 科室, `selfeval pack`) open in the program, which merges them:
; "selfeval-gui.exe --open <file>".
Root: HKCU; Subkey: "Software\Classes\.selfeval"; ValueType: string; ValueName: ""; ValueData: "{#FileProgId}"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\.selfeval\OpenWithProgids"; ValueType: string; ValueName: "{#FileProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\{#FileProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:FileTypeName}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\{#FileProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKCU; Subkey: "Software\Classes\{#FileProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" --open ""%1"""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".selfeval"; ValueData: ""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[InstallDelete]
; An upgrade first removes the previous version's program files (_internal\ holds nothing else: Python's
; modules as .pyc files, Qt and its plugins), so that no module or Qt plugin the new version dropped or
; moved is left behind for Python or Qt to load. Nothing else in {app} is touched: a portable setup's
; data\ folder sits beside _internal\, and the user's data ({#DataDir}) is elsewhere.
Type: filesandordirs; Name: "{app}\_internal"

; No [UninstallDelete]: the program writes nothing into {app}, and the user's data must survive an uninstall.

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [ExpandConstant('{#DataDir}')]), mbInformation, MB_OK);
end;
