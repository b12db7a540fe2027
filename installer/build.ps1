# Builds the Windows 10/11 distribution of 绩效自评编制工具 with PyInstaller:
#   dist\selfeval\                                  the program folder (onedir):
#       selfeval.exe       console program (command line; with no subcommand it opens the window)
#       selfeval-gui.exe   the same without a console window: point the shortcut
#                          "绩效自评编制工具" at this one
#   dist\selfeval-<version>-windows-x64.zip         the same folder, packed for copying to offline PCs
#
# Usage (PowerShell, in the repository folder):
#   powershell -ExecutionPolicy Bypass -File installer\build.ps1 [-DistPath DIR] [-WorkPath DIR] [-NoArchive]
# Needs the project venv (.venv, with the "build" extra: .venv\Scripts\pip install -e .[build]);
# uses no network. Idempotent: every run starts from a clean work folder and replaces the output.
# An installer (Inno Setup, NSIS, or MSIX) can later be made from dist\selfeval as it is: copy the
# folder to Program Files and create the shortcut; nothing else needs registering.
# This file is UTF-8 with a byte-order mark, so that Windows PowerShell 5.1 reads the Chinese text.
[CmdletBinding()]
param(
    [string]$DistPath = "",
    [string]$WorkPath = "",
    [switch]$NoArchive
)
$ErrorActionPreference = "Stop"
[Console]::OutputEncoding = [System.Text.Encoding]::UTF8

function Fail([string]$Message, [int]$Code) {
    [Console]::Error.WriteLine("build.ps1：$Message")
    exit $Code
}

$Root = Split-Path -Parent $PSScriptRoot
if (-not $DistPath) { $DistPath = Join-Path $Root "dist" }
if (-not $WorkPath) { $WorkPath = Join-Path $Root "build\pyinstaller" }
$Python = Join-Path $Root ".venv\Scripts\python.exe"
$PyInstaller = Join-Path $Root ".venv\Scripts\pyinstaller.exe"
if (-not (Test-Path $PyInstaller)) {
    Fail "找不到 $PyInstaller。请先创建项目虚拟环境并安装打包工具：py -3.11 -m venv .venv; .venv\Scripts\pip install -e .[build]" 2
}

# Reproducible output: fixed hash seed, and file times from the last commit (or a fixed date).
$env:PYTHONHASHSEED = "0"
if (-not $env:SOURCE_DATE_EPOCH) {
    $epoch = ""
    try { $epoch = (& git -C $Root log -1 --format=%ct 2>$null) } catch { $epoch = "" }
    if (-not $epoch) { $epoch = "1735689600" }
    $env:SOURCE_DATE_EPOCH = "$epoch".Trim()
}
# Never reach out to a package index during the build.
$env:PIP_NO_INDEX = "1"

$Version = (& $Python -c "import selfeval; print(selfeval.__version__)").Trim()
$AppDir = Join-Path $DistPath "selfeval"

Write-Host "正在打包 绩效自评编制工具 $Version（Windows x64）……"
$watch = [System.Diagnostics.Stopwatch]::StartNew()
& $PyInstaller --noconfirm --clean --log-level WARN --distpath $DistPath --workpath $WorkPath (Join-Path $Root "installer\selfeval.spec")
if ($LASTEXITCODE -ne 0) { Fail "PyInstaller 打包失败（退出码 $LASTEXITCODE）。" 1 }
$watch.Stop()

# Smoke check: the frozen CLI starts and finds its bundled templates.
& (Join-Path $AppDir "selfeval.exe") --version | Out-Null
if ($LASTEXITCODE -ne 0) { Fail "打包结果无法运行：selfeval.exe --version 失败。" 1 }
& (Join-Path $AppDir "selfeval.exe") templates | Out-Null
if ($LASTEXITCODE -ne 0) { Fail "打包结果无法运行：selfeval.exe templates 失败。" 1 }

$files = Get-ChildItem -Path $AppDir -Recurse -File
$sizeMB = [math]::Round(($files | Measure-Object -Property Length -Sum).Sum / 1MB, 1)
Write-Host ("完成：{0}（{1} MB，{2} 个文件，用时 {3} 秒）" -f $AppDir, $sizeMB, $files.Count, [int]$watch.Elapsed.TotalSeconds)

if (-not $NoArchive) {
    $Zip = Join-Path $DistPath "selfeval-$Version-windows-x64.zip"
    if (Test-Path $Zip) { Remove-Item $Zip -Force }
    Compress-Archive -Path $AppDir -DestinationPath $Zip -CompressionLevel Optimal
    $zipMB = [math]::Round((Get-Item $Zip).Length / 1MB, 1)
    Write-Host "压缩包：$Zip（$zipMB MB）"
    Write-Host ("SHA-256：{0}" -f (Get-FileHash -Algorithm SHA256 $Zip).Hash.ToLower())
}
