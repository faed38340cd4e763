#!/usr/bin/env pwsh
# Bootstraps and runs the Pipeline build: ./build.ps1 [targets] [--parameters]   (./build.ps1 --help)
# Same structure as build.sh: Find-Sdk → Test-Prerequisites → Compile-BuildProject (only when sources changed) → run.
[CmdletBinding()]
param([Parameter(ValueFromRemainingArguments = $true)][string[]]$BuildArguments)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$Root = Split-Path -Parent $MyInvocation.MyCommand.Path
$BuildProject = Join-Path $Root 'build/_build.csproj'
$BuildDll = Join-Path $Root 'build/bin/Debug/net10.0/_build.dll'
$TempDir = Join-Path $Root '.nuke/temp'
$Stamp = Join-Path $TempDir 'build-project.stamp'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'; $env:DOTNET_NOLOGO = '1'; $env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

function Fail([string]$Message) { Write-Error "build.ps1: $Message"; exit 1 }

# An SDK that satisfies global.json: the one on PATH, else one under .nuke/temp, else install it there.
function Find-Sdk {
    $cache = Join-Path $TempDir 'dotnet-path'
    if ((Test-Path $cache) -and ((Get-Item $cache).LastWriteTime -gt (Get-Item (Join-Path $Root 'global.json')).LastWriteTime)) {
        $cached = (Get-Content $cache -Raw).Trim()
        if (Test-Path $cached) { return $cached }
    }
    $candidates = @((Get-Command dotnet -ErrorAction SilentlyContinue).Source, (Join-Path $TempDir 'dotnet/dotnet'))
    foreach ($candidate in $candidates) {
        if ($candidate -and (Test-Path $candidate)) {
            Push-Location $Root; & $candidate --version *> $null; $ok = $LASTEXITCODE -eq 0; Pop-Location
            if ($ok) { New-Item -ItemType Directory -Force $TempDir | Out-Null; Set-Content $cache $candidate; return $candidate }
        }
    }
    $version = (Get-Content (Join-Path $Root 'global.json') | ConvertFrom-Json).sdk.version
    Write-Host "build.ps1: no .NET SDK matching global.json ($version); installing into .nuke/temp/dotnet"
    New-Item -ItemType Directory -Force $TempDir | Out-Null
    $installer = Join-Path $TempDir 'dotnet-install.ps1'
    try { Invoke-WebRequest 'https://dot.net/v1/dotnet-install.ps1' -OutFile $installer -UseBasicParsing }
    catch { Fail "cannot download dotnet-install.ps1; install a .NET SDK $version (see global.json) and retry" }
    & $installer -Version $version -InstallDir (Join-Path $TempDir 'dotnet') -NoPath
    $dotnet = Join-Path $TempDir 'dotnet/dotnet'
    Set-Content $cache $dotnet
    return $dotnet
}

# Container engine prerequisites: the engine itself starts `podman system service` when needed;
# installing an engine is left to build.sh (Debian/Ubuntu) — on other systems, say what to install.
function Test-Prerequisites {
    $engineTargets = @('stop', 'baseimage', 'buildparallel', 'verify', 'rebuild')
    $named = @($BuildArguments | Where-Object { $_ -and -not $_.StartsWith('-') } | ForEach-Object { ($_ -replace '[-_]', '').ToLowerInvariant() })
    if ($BuildArguments -contains '--help' -or $BuildArguments -contains '--plan') { return }
    $needsEngine = ($named.Count -eq 0) -or ($named | Where-Object { $engineTargets -contains $_ })
    if (-not $needsEngine) { return }
    if ((Get-Command podman -ErrorAction SilentlyContinue) -or (Get-Command docker -ErrorAction SilentlyContinue) -or $env:DOCKER_HOST) { return }
    Fail 'no container engine found: install podman (with runc) or Docker, then retry'
}

function Compile-BuildProject([string]$Dotnet) {
    if ((Test-Path $BuildDll) -and (Test-Path $Stamp)) {
        $stampTime = (Get-Item $Stamp).LastWriteTime
        $inputs = @(Get-ChildItem (Join-Path $Root 'build'), (Join-Path $Root 'src') -Recurse -File |
            Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' }) + @(Get-ChildItem $Root -Filter 'Directory.*.props') + @(Get-Item (Join-Path $Root 'global.json'))
        if (-not ($inputs | Where-Object { $_.LastWriteTime -gt $stampTime } | Select-Object -First 1)) { return }
    }
    New-Item -ItemType Directory -Force $TempDir | Out-Null
    $log = Join-Path $TempDir 'build-project.log'
    & $Dotnet build $BuildProject --nologo --verbosity quiet -clp:NoSummary *> $log
    if ($LASTEXITCODE -ne 0) {
        Get-Content $log | Select-String 'error' | Select-Object -First 20 | ForEach-Object { Write-Host $_ }
        Fail 'compiling build/_build.csproj failed (full output: .nuke/temp/build-project.log)'
    }
    New-Item -ItemType File -Force $Stamp | Out-Null
    (Get-Item $Stamp).LastWriteTime = Get-Date
}

$dotnet = Find-Sdk
Test-Prerequisites
Compile-BuildProject $dotnet
Set-Location $Root
& $dotnet $BuildDll @BuildArguments
exit $LASTEXITCODE
