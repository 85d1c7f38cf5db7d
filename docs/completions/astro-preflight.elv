
use builtin;
use str;

set edit:completion:arg-completer[astro-preflight] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'astro-preflight'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'astro-preflight'= {
            cand --color 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Check manifests (files, directories, or - for stdin)'
            cand rules 'List every rule, or explain one'
            cand schema 'Print the JSON Schema of the manifest (`schema manifest`, the default) or of the configuration (`schema config`)'
            cand facts 'Gather the live AWS facts for manifests, as one JSON file (for `check --facts`)'
            cand server 'Run the language server over stdio (for editors)'
            cand handoff 'The information Astronomer support needs, from a manifest without errors'
            cand egress 'Whether Astronomer''s allowlisted domains are reachable from here'
            cand tables 'Astronomer''s bundled lists (regions, types), or what differs from your organization''s live cluster options (--compare-live)'
            cand generate 'Generate shell completions or the man page'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'astro-preflight;check'= {
            cand --format 'Output format (of standard output)'
            cand -o 'Also write the report in FORMAT to PATH (repeatable): one run, every report, from one gathering of facts. A path that cannot be written fails the run before any work'
            cand --output 'Also write the report in FORMAT to PATH (repeatable): one run, every report, from one gathering of facts. A path that cannot be written fails the run before any work'
            cand --config 'Configuration file (default: astro-preflight.toml beside the manifest or in a parent directory)'
            cand --select 'Run only these rules (comma-separated IDs; repeatable), over the configuration''s `[rules]`. `yaml-syntax` and `schema` always run'
            cand --ignore 'Do not run these rules (comma-separated IDs; repeatable), whatever the configuration and --select say'
            cand --stdin-filename 'The path to report for a manifest read from stdin'
            cand --profile 'AWS profile'
            cand --endpoint-url 'AWS endpoint URL (an emulator, a VPC endpoint)'
            cand --timeout 'Bound on the whole gathering of AWS facts, in seconds: more than 0, at most 3600'
            cand --assume-role 'Assume this role in each manifest''s account before gathering there (`sts:AssumeRole`, session `astro-preflight`): a role name, or a role ARN with `{account}` in it'
            cand --max-concurrent-calls 'How many AWS calls may be in flight at once, across every account'
            cand --astro-organization 'The Astro organization whose cluster options to read (with ASTRO_API_TOKEN); default: ASTRO_ORGANIZATION_ID, then `[astro] organization-id` of the configuration'
            cand --astro-api-url 'The Astro API''s base URL (a proxy''s, an emulator''s)'
            cand --facts 'Check against facts saved by `astro-preflight facts` instead of calling AWS'
            cand --color 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never'
            cand --deny-warnings 'Fail (exit 1) on warnings too'
            cand --no-inline-ignores 'Ignore `# preflight-ignore` comments (audit)'
            cand --only-manifests 'Skip named files that are not manifests (no top-level `install:` key), as the directory walk does; for hooks that pass every YAML file'
            cand --online 'Gather live AWS facts (standard credential chain) and, with ASTRO_API_TOKEN, the organization''s cluster options from the Astro API, and run the online rules'
            cand --fix 'Apply the safe fixes in place, then report what remains'
            cand --unsafe-fixes 'Apply the unsafe fixes too (with --fix or --diff)'
            cand --diff 'Print the fixes as a unified diff instead of writing them; exit 1 when there are any'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'astro-preflight;rules'= {
            cand --color 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'astro-preflight;schema'= {
            cand --color 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never'
            cand --config 'Deprecated: `schema config`'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'astro-preflight;facts'= {
            cand -o 'Write the facts to this file instead of stdout'
            cand --output 'Write the facts to this file instead of stdout'
            cand --profile 'AWS profile'
            cand --endpoint-url 'AWS endpoint URL (an emulator, a VPC endpoint)'
            cand --timeout 'Bound on the whole gathering of AWS facts, in seconds: more than 0, at most 3600'
            cand --assume-role 'Assume this role in each manifest''s account before gathering there (`sts:AssumeRole`, session `astro-preflight`): a role name, or a role ARN with `{account}` in it'
            cand --max-concurrent-calls 'How many AWS calls may be in flight at once, across every account'
            cand --astro-organization 'The Astro organization whose cluster options to read (with ASTRO_API_TOKEN); default: ASTRO_ORGANIZATION_ID, then `[astro] organization-id` of the configuration'
            cand --astro-api-url 'The Astro API''s base URL (a proxy''s, an emulator''s)'
            cand --color 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'astro-preflight;server'= {
            cand --color 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never'
            cand --stdio 'Talk over stdin and stdout (the default and only transport; accepted for editors that pass it)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'astro-preflight;handoff'= {
            cand --format 'Output format'
            cand --config 'Configuration file (default: astro-preflight.toml beside the manifest or in a parent directory)'
            cand --select 'Run only these rules (comma-separated IDs; repeatable), over the configuration''s `[rules]`. `yaml-syntax` and `schema` always run'
            cand --ignore 'Do not run these rules (comma-separated IDs; repeatable), whatever the configuration and --select say'
            cand --profile 'AWS profile'
            cand --endpoint-url 'AWS endpoint URL (an emulator, a VPC endpoint)'
            cand --timeout 'Bound on the whole gathering of AWS facts, in seconds: more than 0, at most 3600'
            cand --assume-role 'Assume this role in each manifest''s account before gathering there (`sts:AssumeRole`, session `astro-preflight`): a role name, or a role ARN with `{account}` in it'
            cand --max-concurrent-calls 'How many AWS calls may be in flight at once, across every account'
            cand --astro-organization 'The Astro organization whose cluster options to read (with ASTRO_API_TOKEN); default: ASTRO_ORGANIZATION_ID, then `[astro] organization-id` of the configuration'
            cand --astro-api-url 'The Astro API''s base URL (a proxy''s, an emulator''s)'
            cand --facts 'Verify the prerequisites against facts saved by `astro-preflight facts`'
            cand --color 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never'
            cand --online 'Gather live AWS facts (standard credential chain) and, with ASTRO_API_TOKEN, the organization''s cluster options from the Astro API, and run the online rules'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'astro-preflight;egress'= {
            cand --organization 'The Astro organization''s short name (overrides the manifest''s `organization`)'
            cand --format 'Output format'
            cand --timeout 'Bound on each host''s whole check (DNS, TCP, TLS, HTTPS), in seconds: more than 0, at most 3600'
            cand --cacert 'Also trust the CA certificates in this PEM file (a TLS-inspecting proxy''s CA)'
            cand --connect-to 'Send connections for HOST:PORT to CONNECT-TO-HOST:CONNECT-TO-PORT instead (curl''s syntax; empty HOST or PORT matches any); TLS and HTTP still name HOST. Repeatable'
            cand --color 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'astro-preflight;tables'= {
            cand --astro-organization 'The Astro organization whose cluster options to read (with ASTRO_API_TOKEN); default: ASTRO_ORGANIZATION_ID, then `[astro] organization-id` of the configuration'
            cand --astro-api-url 'The Astro API''s base URL (a proxy''s, an emulator''s)'
            cand --timeout 'Bound on the call to the Astro API, in seconds: more than 0, at most 3600'
            cand --color 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never'
            cand --compare-live 'Compare the bundled tables with the organization''s live cluster options (Astro API, with ASTRO_API_TOKEN): print what differs; exit 1 when anything does'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'astro-preflight;generate'= {
            cand --out 'Directory to write into'
            cand --color 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'astro-preflight;help'= {
            cand check 'Check manifests (files, directories, or - for stdin)'
            cand rules 'List every rule, or explain one'
            cand schema 'Print the JSON Schema of the manifest (`schema manifest`, the default) or of the configuration (`schema config`)'
            cand facts 'Gather the live AWS facts for manifests, as one JSON file (for `check --facts`)'
            cand server 'Run the language server over stdio (for editors)'
            cand handoff 'The information Astronomer support needs, from a manifest without errors'
            cand egress 'Whether Astronomer''s allowlisted domains are reachable from here'
            cand tables 'Astronomer''s bundled lists (regions, types), or what differs from your organization''s live cluster options (--compare-live)'
            cand generate 'Generate shell completions or the man page'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'astro-preflight;help;check'= {
        }
        &'astro-preflight;help;rules'= {
        }
        &'astro-preflight;help;schema'= {
        }
        &'astro-preflight;help;facts'= {
        }
        &'astro-preflight;help;server'= {
        }
        &'astro-preflight;help;handoff'= {
        }
        &'astro-preflight;help;egress'= {
        }
        &'astro-preflight;help;tables'= {
        }
        &'astro-preflight;help;generate'= {
        }
        &'astro-preflight;help;help'= {
        }
    ]
    $completions[$command]
}
