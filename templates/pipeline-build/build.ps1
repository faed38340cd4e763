#!/usr/bin/env pwsh
# Bootstraps and runs this repository's Pipeline build: ./build.ps1 [targets] [--parameters]   (./build.ps1 --help)
# Same structure and behaviour as build.sh: Find-Sdk → Install-Prerequisites → Compile-BuildProject (only when an
# input changed) → run.
[CmdletBinding()]
param([Parameter(ValueFromRemainingArguments = $true)][string[]]$BuildArguments)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
if ($null -eq $BuildArguments) { $BuildArguments = @() }

$Root = Split-Path -Parent $MyInvocation.MyCommand.Path
$BuildProject = Join-Path $Root 'build/_build.csproj'
$BuildDll = Join-Path $Root 'build/bin/Debug/net10.0/_build.dll'
$TempDir = Join-Path $Root '.nuke/temp'
$Stamp = Join-Path $TempDir 'build-project.stamp'
$GlobalJson = Join-Path $Root 'global.json'
# Without a global.json, the newest SDK of this channel is installed when none on PATH is recent enough.
$SdkChannel = '10.0'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'; $env:DOTNET_NOLOGO = '1'; $env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
$env:DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE = '1'

function Fail([string]$Message) { [Console]::Error.WriteLine("build.ps1: $Message"); exit 1 }

# An SDK that fits: global.json's (version + rollForward) when the repository has one, else any of the channel or newer.
function Test-Sdk([string]$Candidate) {
    Push-Location $Root
    try { $version = & $Candidate --version 2>$null; $ok = $LASTEXITCODE -eq 0 } finally { Pop-Location }
    if (-not $ok) { return $false }
    if (Test-Path $GlobalJson) { return $true }
    return [int]("$version".Split('.')[0]) -ge [int]$SdkChannel.Split('.')[0]
}

# The one on PATH, else one under .nuke/temp, else install it there.
function Find-Sdk {
    $cache = Join-Path $TempDir 'dotnet-path'
    if ((Test-Path $cache) -and (-not (Test-Path $GlobalJson) -or (Get-Item $cache).LastWriteTimeUtc -gt (Get-Item $GlobalJson).LastWriteTimeUtc)) {
        $cached = (Get-Content $cache -Raw).Trim()
        if ($cached -and (Test-Path $cached)) { return $cached }
    }
    $onPath = Get-Command dotnet -ErrorAction SilentlyContinue
    foreach ($candidate in @($(if ($onPath) { $onPath.Source }), (Join-Path $TempDir 'dotnet/dotnet'))) {
        if ($candidate -and (Test-Path $candidate) -and (Test-Sdk $candidate)) {
            New-Item -ItemType Directory -Force $TempDir | Out-Null; Set-Content $cache $candidate; return $candidate
        }
    }
    $wanted = "channel $SdkChannel"; $install = @{ Channel = $SdkChannel }
    if (Test-Path $GlobalJson) {
        $wanted = (Get-Content $GlobalJson -Raw | ConvertFrom-Json).sdk.version; $install = @{ Version = $wanted }
    }
    [Console]::Error.WriteLine("build.ps1: no fitting .NET SDK ($wanted); installing into .nuke/temp/dotnet")
    New-Item -ItemType Directory -Force $TempDir | Out-Null
    $installer = Join-Path $TempDir 'dotnet-install.ps1'
    try { Invoke-WebRequest 'https://dot.net/v1/dotnet-install.ps1' -OutFile $installer -UseBasicParsing }
    catch { Fail "cannot download dotnet-install.ps1; install a .NET SDK ($wanted) and retry" }
    & $installer @install -InstallDir (Join-Path $TempDir 'dotnet') -NoPath
    if ($LASTEXITCODE -ne 0) { Fail "installing the .NET SDK ($wanted) failed" }
    $dotnet = Join-Path $TempDir 'dotnet/dotnet'
    Set-Content $cache $dotnet
    return $dotnet
}

# Prerequisites: where bash and apt live (Linux), the same code build.sh runs (build/prerequisites.sh); elsewhere, a
# container engine must be there for the targets that need one.
function Install-Prerequisites([string]$Dotnet) {
    $bash = Get-Command bash -ErrorAction SilentlyContinue
    if ($IsLinux -and $bash) {
        $script = 'fail() { echo "build.ps1: $*" >&2; exit 1; }; source "$ROOT/build/prerequisites.sh" && pipeline_prerequisites "$@"'
        $env:ROOT = $Root; $env:TEMP_DIR = $TempDir; $env:DOTNET = $Dotnet
        & $bash.Source -c "set -euo pipefail; ROOT=`"`$ROOT`"; TEMP_DIR=`"`$TEMP_DIR`"; DOTNET=`"`$DOTNET`"; $script" build.ps1 @BuildArguments
        if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
        return
    }
    $engineTargets = @('stop', 'baseimage', 'buildparallel', 'verify', 'rebuild')
    if (@($BuildArguments | Where-Object { $_ -in @('--help', '-h', '-?', '--plan') }).Count -gt 0) { return }
    $named = @()
    foreach ($argument in $BuildArguments) {
        if ($argument.StartsWith('--')) { break }
        $named += @($argument -split '\+' | ForEach-Object { ($_ -replace '[-_]', '').ToLowerInvariant() })
    }
    $needsEngine = ($named.Count -eq 0) -or @($named | Where-Object { $engineTargets -contains $_ }).Count -gt 0
    if (-not $needsEngine) { return }
    if ((Get-Command podman -ErrorAction SilentlyContinue) -or (Get-Command docker -ErrorAction SilentlyContinue) -or $env:DOCKER_HOST) { return }
    Fail 'no container engine found: install podman (with runc) or Docker, then retry'
}

# The build program's inputs, fingerprinted exactly as build.sh does (path, size, modification time of every file under
# build/ but bin/ and obj/, global.json, Directory.*.props, nuget.config): deleted and renamed files count too.
function Get-InputFingerprint {
    $lines = [System.Collections.Generic.List[string]]::new()
    $files = @(Get-ChildItem (Join-Path $Root 'build') -Recurse -File -Force) +
        @(Get-ChildItem $Root -File -Force | Where-Object { $_.Name -cin @('global.json', 'nuget.config', 'NuGet.config') -or $_.Name -like 'Directory.*.props' })
    foreach ($file in $files) {
        $relative = [System.IO.Path]::GetRelativePath($Root, $file.FullName).Replace('\', '/')
        if ($relative -match '(^|/)(bin|obj)(/|$)') { continue }
        $ticks = $file.LastWriteTimeUtc.Ticks - 621355968000000000
        $lines.Add(('{0}{1}{2}{1}{3}.{4:D7}' -f $relative, "`t", $file.Length, [Math]::Floor($ticks / 10000000), ($ticks % 10000000)))
    }
    $sorted = [string[]]$lines.ToArray()
    [Array]::Sort($sorted, [StringComparer]::Ordinal)
    $bytes = [System.Text.Encoding]::UTF8.GetBytes((($sorted -join "`n") + "`n"))
    return [Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($bytes)).ToLowerInvariant()
}

# Recompiles build/_build.csproj only when its inputs' fingerprint differs from the last successful compile's.
function Compile-BuildProject([string]$Dotnet) {
    $fingerprint = Get-InputFingerprint
    if ((Test-Path $BuildDll) -and (Test-Path $Stamp) -and ((Get-Content $Stamp -Raw).Trim() -eq $fingerprint)) { return }
    New-Item -ItemType Directory -Force $TempDir | Out-Null
    $log = Join-Path $TempDir 'build-project.log'
    & $Dotnet build $BuildProject --nologo --verbosity quiet -clp:NoSummary *> $log
    if ($LASTEXITCODE -ne 0) {
        Get-Content $log | Select-String 'error' | Select-Object -Unique -First 20 | ForEach-Object { [Console]::Error.WriteLine($_) }
        Fail 'compiling build/_build.csproj failed (full output: .nuke/temp/build-project.log)'
    }
    Set-Content $Stamp $fingerprint
}

$dotnet = Find-Sdk
Install-Prerequisites $dotnet
Compile-BuildProject $dotnet
Set-Location $Root
& $dotnet $BuildDll @BuildArguments
exit $LASTEXITCODE
