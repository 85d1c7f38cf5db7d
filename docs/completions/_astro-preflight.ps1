
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'astro-preflight' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'astro-preflight'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'astro-preflight' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check manifests (files, directories, or - for stdin)')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List every rule, or explain one')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of the manifest (`schema manifest`, the default) or of the configuration (`schema config`)')
            [CompletionResult]::new('facts', 'facts', [CompletionResultType]::ParameterValue, 'Gather the live AWS facts for manifests, as one JSON file (for `check --facts`)')
            [CompletionResult]::new('server', 'server', [CompletionResultType]::ParameterValue, 'Run the language server over stdio (for editors)')
            [CompletionResult]::new('handoff', 'handoff', [CompletionResultType]::ParameterValue, 'The information Astronomer support needs, from a manifest without errors')
            [CompletionResult]::new('egress', 'egress', [CompletionResultType]::ParameterValue, 'Whether Astronomer''s allowlisted domains are reachable from here')
            [CompletionResult]::new('tables', 'tables', [CompletionResultType]::ParameterValue, 'Astronomer''s bundled lists (regions, types), or what differs from your organization''s live cluster options (--compare-live)')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Generate shell completions or the man page')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'astro-preflight;check' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (of standard output)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Also write the report in FORMAT to PATH (repeatable): one run, every report, from one gathering of facts. A path that cannot be written fails the run before any work')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Also write the report in FORMAT to PATH (repeatable): one run, every report, from one gathering of facts. A path that cannot be written fails the run before any work')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (default: astro-preflight.toml beside the manifest or in a parent directory)')
            [CompletionResult]::new('--select', '--select', [CompletionResultType]::ParameterName, 'Run only these rules (comma-separated IDs; repeatable), over the configuration''s `[rules]`. `yaml-syntax` and `schema` always run')
            [CompletionResult]::new('--ignore', '--ignore', [CompletionResultType]::ParameterName, 'Do not run these rules (comma-separated IDs; repeatable), whatever the configuration and --select say')
            [CompletionResult]::new('--stdin-filename', '--stdin-filename', [CompletionResultType]::ParameterName, 'The path to report for a manifest read from stdin')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'AWS endpoint URL (an emulator, a VPC endpoint)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound on the whole gathering of AWS facts, in seconds: more than 0, at most 3600')
            [CompletionResult]::new('--assume-role', '--assume-role', [CompletionResultType]::ParameterName, 'Assume this role in each manifest''s account before gathering there (`sts:AssumeRole`, session `astro-preflight`): a role name, or a role ARN with `{account}` in it')
            [CompletionResult]::new('--max-concurrent-calls', '--max-concurrent-calls', [CompletionResultType]::ParameterName, 'How many AWS calls may be in flight at once, across every account')
            [CompletionResult]::new('--astro-organization', '--astro-organization', [CompletionResultType]::ParameterName, 'The Astro organization whose cluster options to read (with ASTRO_API_TOKEN); default: ASTRO_ORGANIZATION_ID, then `[astro] organization-id` of the configuration')
            [CompletionResult]::new('--astro-api-url', '--astro-api-url', [CompletionResultType]::ParameterName, 'The Astro API''s base URL (a proxy''s, an emulator''s)')
            [CompletionResult]::new('--facts', '--facts', [CompletionResultType]::ParameterName, 'Check against facts saved by `astro-preflight facts` instead of calling AWS')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never')
            [CompletionResult]::new('--deny-warnings', '--deny-warnings', [CompletionResultType]::ParameterName, 'Fail (exit 1) on warnings too')
            [CompletionResult]::new('--no-inline-ignores', '--no-inline-ignores', [CompletionResultType]::ParameterName, 'Ignore `# preflight-ignore` comments (audit)')
            [CompletionResult]::new('--only-manifests', '--only-manifests', [CompletionResultType]::ParameterName, 'Skip named files that are not manifests (no top-level `install:` key), as the directory walk does; for hooks that pass every YAML file')
            [CompletionResult]::new('--online', '--online', [CompletionResultType]::ParameterName, 'Gather live AWS facts (standard credential chain) and, with ASTRO_API_TOKEN, the organization''s cluster options from the Astro API, and run the online rules')
            [CompletionResult]::new('--fix', '--fix', [CompletionResultType]::ParameterName, 'Apply the safe fixes in place, then report what remains')
            [CompletionResult]::new('--unsafe-fixes', '--unsafe-fixes', [CompletionResultType]::ParameterName, 'Apply the unsafe fixes too (with --fix or --diff)')
            [CompletionResult]::new('--diff', '--diff', [CompletionResultType]::ParameterName, 'Print the fixes as a unified diff instead of writing them; exit 1 when there are any')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'astro-preflight;rules' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'astro-preflight;schema' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Deprecated: `schema config`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'astro-preflight;facts' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the facts to this file instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the facts to this file instead of stdout')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'AWS endpoint URL (an emulator, a VPC endpoint)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound on the whole gathering of AWS facts, in seconds: more than 0, at most 3600')
            [CompletionResult]::new('--assume-role', '--assume-role', [CompletionResultType]::ParameterName, 'Assume this role in each manifest''s account before gathering there (`sts:AssumeRole`, session `astro-preflight`): a role name, or a role ARN with `{account}` in it')
            [CompletionResult]::new('--max-concurrent-calls', '--max-concurrent-calls', [CompletionResultType]::ParameterName, 'How many AWS calls may be in flight at once, across every account')
            [CompletionResult]::new('--astro-organization', '--astro-organization', [CompletionResultType]::ParameterName, 'The Astro organization whose cluster options to read (with ASTRO_API_TOKEN); default: ASTRO_ORGANIZATION_ID, then `[astro] organization-id` of the configuration')
            [CompletionResult]::new('--astro-api-url', '--astro-api-url', [CompletionResultType]::ParameterName, 'The Astro API''s base URL (a proxy''s, an emulator''s)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'astro-preflight;server' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never')
            [CompletionResult]::new('--stdio', '--stdio', [CompletionResultType]::ParameterName, 'Talk over stdin and stdout (the default and only transport; accepted for editors that pass it)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'astro-preflight;handoff' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (default: astro-preflight.toml beside the manifest or in a parent directory)')
            [CompletionResult]::new('--select', '--select', [CompletionResultType]::ParameterName, 'Run only these rules (comma-separated IDs; repeatable), over the configuration''s `[rules]`. `yaml-syntax` and `schema` always run')
            [CompletionResult]::new('--ignore', '--ignore', [CompletionResultType]::ParameterName, 'Do not run these rules (comma-separated IDs; repeatable), whatever the configuration and --select say')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'AWS endpoint URL (an emulator, a VPC endpoint)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound on the whole gathering of AWS facts, in seconds: more than 0, at most 3600')
            [CompletionResult]::new('--assume-role', '--assume-role', [CompletionResultType]::ParameterName, 'Assume this role in each manifest''s account before gathering there (`sts:AssumeRole`, session `astro-preflight`): a role name, or a role ARN with `{account}` in it')
            [CompletionResult]::new('--max-concurrent-calls', '--max-concurrent-calls', [CompletionResultType]::ParameterName, 'How many AWS calls may be in flight at once, across every account')
            [CompletionResult]::new('--astro-organization', '--astro-organization', [CompletionResultType]::ParameterName, 'The Astro organization whose cluster options to read (with ASTRO_API_TOKEN); default: ASTRO_ORGANIZATION_ID, then `[astro] organization-id` of the configuration')
            [CompletionResult]::new('--astro-api-url', '--astro-api-url', [CompletionResultType]::ParameterName, 'The Astro API''s base URL (a proxy''s, an emulator''s)')
            [CompletionResult]::new('--facts', '--facts', [CompletionResultType]::ParameterName, 'Verify the prerequisites against facts saved by `astro-preflight facts`')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never')
            [CompletionResult]::new('--online', '--online', [CompletionResultType]::ParameterName, 'Gather live AWS facts (standard credential chain) and, with ASTRO_API_TOKEN, the organization''s cluster options from the Astro API, and run the online rules')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'astro-preflight;egress' {
            [CompletionResult]::new('--organization', '--organization', [CompletionResultType]::ParameterName, 'The Astro organization''s short name (overrides the manifest''s `organization`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound on each host''s whole check (DNS, TCP, TLS, HTTPS), in seconds: more than 0, at most 3600')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Also trust the CA certificates in this PEM file (a TLS-inspecting proxy''s CA)')
            [CompletionResult]::new('--connect-to', '--connect-to', [CompletionResultType]::ParameterName, 'Send connections for HOST:PORT to CONNECT-TO-HOST:CONNECT-TO-PORT instead (curl''s syntax; empty HOST or PORT matches any); TLS and HTTP still name HOST. Repeatable')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'astro-preflight;tables' {
            [CompletionResult]::new('--astro-organization', '--astro-organization', [CompletionResultType]::ParameterName, 'The Astro organization whose cluster options to read (with ASTRO_API_TOKEN); default: ASTRO_ORGANIZATION_ID, then `[astro] organization-id` of the configuration')
            [CompletionResult]::new('--astro-api-url', '--astro-api-url', [CompletionResultType]::ParameterName, 'The Astro API''s base URL (a proxy''s, an emulator''s)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound on the call to the Astro API, in seconds: more than 0, at most 3600')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never')
            [CompletionResult]::new('--compare-live', '--compare-live', [CompletionResultType]::ParameterName, 'Compare the bundled tables with the organization''s live cluster options (Astro API, with ASTRO_API_TOKEN): print what differs; exit 1 when anything does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'astro-preflight;generate' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Directory to write into')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'astro-preflight;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check manifests (files, directories, or - for stdin)')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List every rule, or explain one')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of the manifest (`schema manifest`, the default) or of the configuration (`schema config`)')
            [CompletionResult]::new('facts', 'facts', [CompletionResultType]::ParameterValue, 'Gather the live AWS facts for manifests, as one JSON file (for `check --facts`)')
            [CompletionResult]::new('server', 'server', [CompletionResultType]::ParameterValue, 'Run the language server over stdio (for editors)')
            [CompletionResult]::new('handoff', 'handoff', [CompletionResultType]::ParameterValue, 'The information Astronomer support needs, from a manifest without errors')
            [CompletionResult]::new('egress', 'egress', [CompletionResultType]::ParameterValue, 'Whether Astronomer''s allowlisted domains are reachable from here')
            [CompletionResult]::new('tables', 'tables', [CompletionResultType]::ParameterValue, 'Astronomer''s bundled lists (regions, types), or what differs from your organization''s live cluster options (--compare-live)')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Generate shell completions or the man page')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'astro-preflight;help;check' {
            break
        }
        'astro-preflight;help;rules' {
            break
        }
        'astro-preflight;help;schema' {
            break
        }
        'astro-preflight;help;facts' {
            break
        }
        'astro-preflight;help;server' {
            break
        }
        'astro-preflight;help;handoff' {
            break
        }
        'astro-preflight;help;egress' {
            break
        }
        'astro-preflight;help;tables' {
            break
        }
        'astro-preflight;help;generate' {
            break
        }
        'astro-preflight;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
