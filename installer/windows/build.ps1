# Builds the Windows 10/11 distribution of 绩效自评编制工具 on Windows. The steps themselves live in
# installer\windows\build_windows.py (one source: installer/windows/wine-build.sh runs the same script under
# wine on Linux); this file finds the project venv's Python and passes the options on:
#   dist\selfeval\                                     the program folder (selfeval.exe, selfeval-gui.exe, _internal\)
#   dist\selfeval-<version>-windows-x64.zip            the same folder, packed (绿色版: an empty file named
#                                                      "portable" beside selfeval.exe keeps the data in data\)
#   dist\selfeval-<version>-windows-x64-setup.exe      the setup program (Inno Setup, per user, no administrator)
#
# Usage (PowerShell, in the repository folder):
#   powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1 [-DistPath DIR] [-WorkPath DIR]
#       [-NoArchive] [-NoSetup] [-Iscc PATH\ISCC.exe] [-ChineseIsl PATH\file.isl]
# Needs the project venv (.venv, with the "build" extra: .venv\Scripts\pip install -e .[build]) and, for the
# setup program, Inno Setup 6.3 or later (https://jrsoftware.org/isdl.php; it installs per user too). The
# Chinese wizard messages are the project's own installer\windows\ChineseSimplified.isl: nothing is downloaded.
# This file is UTF-8 with a byte-order mark, so that Windows PowerShell 5.1 reads the Chinese text.
[CmdletBinding()]
param(
    [string]$DistPath = "",
    [string]$WorkPath = "",
    [switch]$NoArchive,
    [switch]$NoSetup,
    [string]$Iscc = "",
    [string]$ChineseIsl = ""
)
$ErrorActionPreference = "Stop"
[Console]::OutputEncoding = [System.Text.Encoding]::UTF8
$env:PYTHONUTF8 = "1"
$env:PYTHONIOENCODING = "utf-8"

$Here = $PSScriptRoot                      # installer\windows
$Root = Split-Path -Parent (Split-Path -Parent $Here)
$Python = Join-Path $Root ".venv\Scripts\python.exe"
if (-not (Test-Path $Python)) {
    [Console]::Error.WriteLine("build.ps1：找不到 $Python。请先创建项目虚拟环境并安装打包工具：py -3.11 -m venv .venv; .venv\Scripts\pip install -e .[build]")
    exit 2
}

$Arguments = @((Join-Path $Here "build_windows.py"))
if ($DistPath) { $Arguments += @("--distpath", $DistPath) }
if ($WorkPath) { $Arguments += @("--workpath", $WorkPath) }
if ($NoArchive) { $Arguments += "--no-archive" }
if ($NoSetup) { $Arguments += "--no-setup" }
if ($Iscc) { $Arguments += @("--iscc", $Iscc) }
if ($ChineseIsl) { $Arguments += @("--chinese-isl", $ChineseIsl) }
& $Python @Arguments
exit $LASTEXITCODE
