# Builds the Windows 10/11 distribution of 绩效自评编制工具:
#   1. the PyInstaller bundle (installer\selfeval.spec):
#      dist\selfeval\                     the program folder (onedir):
#          selfeval.exe       console program (command line; with no subcommand it opens the window)
#          selfeval-gui.exe   the same without a console window (the shortcuts point at this one)
#   2. dist\selfeval-<version>-windows-x64.zip   the same folder, packed (for 绿色版: put an empty file
#      named "portable" beside selfeval.exe after unpacking, and the data stays in a data\ folder there)
#   3. dist\selfeval-<version>-windows-x64-setup.exe   the setup program (Inno Setup, installer\windows\selfeval.iss):
#      per user, no administrator rights.
#
# Usage (PowerShell, in the repository folder):
#   powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1 [-DistPath DIR] [-WorkPath DIR]
#       [-NoArchive] [-NoSetup] [-Iscc PATH\ISCC.exe] [-ChineseIsl PATH\ChineseSimplified.isl]
# Needs the project venv (.venv, with the "build" extra: .venv\Scripts\pip install -e .[build]) and, for the
# setup program, Inno Setup 6.3 or later (https://jrsoftware.org/isdl.php; it installs per user too).
# The version comes from pyproject.toml. The Chinese wizard messages: see the head of selfeval.iss; with
# Inno Setup 6 the file is downloaded once (pinned, checked by SHA-256) unless -ChineseIsl names a copy.
# Idempotent: every run starts from a clean work folder and replaces the output.
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

function Fail([string]$Message, [int]$Code) {
    [Console]::Error.WriteLine("build.ps1：$Message")
    exit $Code
}

$Here = $PSScriptRoot                      # installer\windows
$Root = Split-Path -Parent (Split-Path -Parent $Here)
if (-not $DistPath) { $DistPath = Join-Path $Root "dist" }
if (-not $WorkPath) { $WorkPath = Join-Path $Root "build\pyinstaller" }
$DistPath = [System.IO.Path]::GetFullPath($DistPath)
$Python = Join-Path $Root ".venv\Scripts\python.exe"
$PyInstaller = Join-Path $Root ".venv\Scripts\pyinstaller.exe"
if (-not (Test-Path $PyInstaller)) {
    Fail "找不到 $PyInstaller。请先创建项目虚拟环境并安装打包工具：py -3.11 -m venv .venv; .venv\Scripts\pip install -e .[build]" 2
}

# The Simplified Chinese messages of Inno Setup 6.7.3 (unofficial in Inno Setup 6; official from 7.0.2).
$IslUrl = "https://raw.githubusercontent.com/jrsoftware/issrc/4adf37ed7f3fd2bd11c6836ba056e3de170fbabf/Files/Languages/Unofficial/ChineseSimplified.isl"
$IslSha256 = "7d544b9bb1d142cfa11f2e5d3cc8abe2e55f8e066c5124e3772675aa236e1278"

function Find-Iscc {
    if ($Iscc) {
        if (-not (Test-Path $Iscc)) { Fail "找不到 -Iscc 指定的 $Iscc。" 2 }
        return (Resolve-Path $Iscc).Path
    }
    $onPath = Get-Command "ISCC.exe" -ErrorAction SilentlyContinue
    if ($onPath) { return $onPath.Source }
    # Inno Setup's own uninstall entries (per machine or per user), newest major version first.
    foreach ($major in 7, 6) {
        foreach ($hive in "HKLM:", "HKCU:") {
            foreach ($view in "SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall", "SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall") {
                $key = "$hive\$view\Inno Setup ${major}_is1"
                if (Test-Path $key) {
                    $dir = (Get-ItemProperty $key -ErrorAction SilentlyContinue).InstallLocation
                    if ($dir -and (Test-Path (Join-Path $dir "ISCC.exe"))) { return (Join-Path $dir "ISCC.exe") }
                }
            }
        }
        foreach ($base in ${env:ProgramFiles(x86)}, $env:ProgramFiles, (Join-Path $env:LOCALAPPDATA "Programs")) {
            if ($base) {
                $candidate = Join-Path $base "Inno Setup $major\ISCC.exe"
                if (Test-Path $candidate) { return $candidate }
            }
        }
    }
    Fail "找不到 Inno Setup 的编译器 ISCC.exe。请安装 Inno Setup 6.3 或更高版本（https://jrsoftware.org/isdl.php），或用 -Iscc 指定其路径；只打包程序文件夹时加 -NoSetup。" 2
}

function Find-ChineseIsl([string]$IsccPath) {
    if ($ChineseIsl) {
        if (-not (Test-Path $ChineseIsl)) { Fail "找不到 -ChineseIsl 指定的 $ChineseIsl。" 2 }
        return (Resolve-Path $ChineseIsl).Path
    }
    # Inno Setup 7.0.2+ ships it; with Inno Setup 6 it is there only if someone copied it in.
    $shipped = Join-Path (Split-Path -Parent $IsccPath) "Languages\ChineseSimplified.isl"
    if (Test-Path $shipped) { return $shipped }
    $cache = Join-Path $Root "build\inno\ChineseSimplified.isl"
    if (-not (Test-Path $cache)) {
        New-Item -ItemType Directory -Force -Path (Split-Path -Parent $cache) | Out-Null
        Write-Host "下载 Inno Setup 简体中文语言文件：$IslUrl"
        try {
            [Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12
            Invoke-WebRequest -UseBasicParsing -Uri $IslUrl -OutFile $cache
        } catch {
            if (Test-Path $cache) { Remove-Item $cache -Force }
            Fail "无法下载简体中文语言文件（$IslUrl）。没有网络时，请把该文件复制到本机后用 -ChineseIsl 指定，或安装 Inno Setup 7.0.2 或更高版本（自带该文件）。" 1
        }
    }
    $hash = (Get-FileHash -Algorithm SHA256 $cache).Hash.ToLower()
    if ($hash -ne $IslSha256) {
        Remove-Item $cache -Force
        Fail "简体中文语言文件的校验值不符（$hash），已删除；请检查网络或用 -ChineseIsl 指定文件。" 1
    }
    return $cache
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

$Version = (& $Python -c "import tomllib, sys; print(tomllib.load(open(sys.argv[1], 'rb'))['project']['version'])" (Join-Path $Root "pyproject.toml")).Trim()
if ($LASTEXITCODE -ne 0 -or -not $Version) { Fail "无法从 pyproject.toml 读出版本号。" 1 }
$AppDir = Join-Path $DistPath "selfeval"
# Found before the long PyInstaller run, so that a missing Inno Setup fails at once.
if (-not $NoSetup) {
    $IsccPath = Find-Iscc
    $IslPath = Find-ChineseIsl $IsccPath
}

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
if (Test-Path (Join-Path $AppDir "portable")) { Fail "程序文件夹中不应有 portable 文件（安装版的数据应保存在用户文件夹中）。" 1 }

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

if (-not $NoSetup) {
    Write-Host "正在生成安装程序（$IsccPath）……"
    & $IsccPath /Qp "/DAppVersion=$Version" "/DBundleDir=$AppDir" "/DChineseMessages=$IslPath" "/O$DistPath" (Join-Path $Here "selfeval.iss")
    if ($LASTEXITCODE -ne 0) { Fail "Inno Setup 编译失败（退出码 $LASTEXITCODE）。" 1 }
    $Setup = Join-Path $DistPath "selfeval-$Version-windows-x64-setup.exe"
    if (-not (Test-Path $Setup)) { Fail "没有生成 $Setup。" 1 }
    $setupMB = [math]::Round((Get-Item $Setup).Length / 1MB, 1)
    Write-Host "安装程序：$Setup（$setupMB MB）"
    Write-Host ("SHA-256：{0}" -f (Get-FileHash -Algorithm SHA256 $Setup).Hash.ToLower())
}
