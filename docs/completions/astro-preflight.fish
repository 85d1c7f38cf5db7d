# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_astro_preflight_global_optspecs
    string join \n color= h/help V/version
end

function __fish_astro_preflight_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_astro_preflight_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_astro_preflight_using_subcommand
    set -l cmd (__fish_astro_preflight_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c astro-preflight -n "__fish_astro_preflight_needs_command" -l color -d 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never' -r -f -a "auto\t'Colour on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say'
always\t'Always colour'
never\t'Never colour'"
complete -c astro-preflight -n "__fish_astro_preflight_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c astro-preflight -n "__fish_astro_preflight_needs_command" -s V -l version -d 'Print version'
complete -c astro-preflight -n "__fish_astro_preflight_needs_command" -f -a "check" -d 'Check manifests (files, directories, or - for stdin)'
complete -c astro-preflight -n "__fish_astro_preflight_needs_command" -f -a "rules" -d 'List every rule, or explain one'
complete -c astro-preflight -n "__fish_astro_preflight_needs_command" -f -a "schema" -d 'Print the JSON Schema of the manifest (`schema manifest`, the default) or of the configuration (`schema config`)'
complete -c astro-preflight -n "__fish_astro_preflight_needs_command" -f -a "facts" -d 'Gather the live AWS facts for manifests, as one JSON file (for `check --facts`)'
complete -c astro-preflight -n "__fish_astro_preflight_needs_command" -f -a "server" -d 'Run the language server over stdio (for editors)'
complete -c astro-preflight -n "__fish_astro_preflight_needs_command" -f -a "handoff" -d 'The information Astronomer support needs, from a manifest without errors'
complete -c astro-preflight -n "__fish_astro_preflight_needs_command" -f -a "egress" -d 'Whether Astronomer\'s allowlisted domains are reachable from here'
complete -c astro-preflight -n "__fish_astro_preflight_needs_command" -f -a "tables" -d 'Astronomer\'s bundled lists (regions, types), or what differs from your organization\'s live cluster options (--compare-live)'
complete -c astro-preflight -n "__fish_astro_preflight_needs_command" -f -a "generate" -d 'Generate shell completions or the man page'
complete -c astro-preflight -n "__fish_astro_preflight_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand check" -l format -d 'Output format (of standard output)' -r -f -a "human\t'miette\'s graphical report, pointing at the YAML value'
concise\t'One line a finding, `path:line:column: severity[rule-id] message`, then the summary'
json\t'The stable JSON interface'
sarif\t'SARIF 2.1.0, for GitHub code scanning'
github\t'GitHub Actions workflow commands (annotations)'
junit\t'JUnit XML, for GitLab and Jenkins'
markdown\t'Markdown: a table per file and the findings, for job summaries and PR comments'
gitlab\t'GitLab Code Quality (Code Climate JSON subset), for the merge request widget'
rdjson\t'reviewdog\'s Diagnostic Format (rdjson), for review comments'"
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand check" -s o -l output -d 'Also write the report in FORMAT to PATH (repeatable): one run, every report, from one gathering of facts. A path that cannot be written fails the run before any work' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand check" -l config -d 'Configuration file (default: astro-preflight.toml beside the manifest or in a parent directory)' -r -F
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand check" -l select -d 'Run only these rules (comma-separated IDs; repeatable), over the configuration\'s `[rules]`. `yaml-syntax` and `schema` always run' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand check" -l ignore -d 'Do not run these rules (comma-separated IDs; repeatable), whatever the configuration and --select say' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand check" -l stdin-filename -d 'The path to report for a manifest read from stdin' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand check" -l profile -d 'AWS profile' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand check" -l endpoint-url -d 'AWS endpoint URL (an emulator, a VPC endpoint)' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand check" -l timeout -d 'Bound on the whole gathering of AWS facts, in seconds: more than 0, at most 3600' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand check" -l assume-role -d 'Assume this role in each manifest\'s account before gathering there (`sts:AssumeRole`, session `astro-preflight`): a role name, or a role ARN with `{account}` in it' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand check" -l max-concurrent-calls -d 'How many AWS calls may be in flight at once, across every account' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand check" -l astro-organization -d 'The Astro organization whose cluster options to read (with ASTRO_API_TOKEN); default: ASTRO_ORGANIZATION_ID, then `[astro] organization-id` of the configuration' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand check" -l astro-api-url -d 'The Astro API\'s base URL (a proxy\'s, an emulator\'s)' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand check" -l facts -d 'Check against facts saved by `astro-preflight facts` instead of calling AWS' -r -F
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand check" -l color -d 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never' -r -f -a "auto\t'Colour on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say'
always\t'Always colour'
never\t'Never colour'"
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand check" -l deny-warnings -d 'Fail (exit 1) on warnings too'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand check" -l no-inline-ignores -d 'Ignore `# preflight-ignore` comments (audit)'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand check" -l only-manifests -d 'Skip named files that are not manifests (no top-level `install:` key), as the directory walk does; for hooks that pass every YAML file'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand check" -l online -d 'Gather live AWS facts (standard credential chain) and, with ASTRO_API_TOKEN, the organization\'s cluster options from the Astro API, and run the online rules'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand check" -l fix -d 'Apply the safe fixes in place, then report what remains'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand check" -l unsafe-fixes -d 'Apply the unsafe fixes too (with --fix or --diff)'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand check" -l diff -d 'Print the fixes as a unified diff instead of writing them; exit 1 when there are any'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand rules" -l color -d 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never' -r -f -a "auto\t'Colour on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say'
always\t'Always colour'
never\t'Never colour'"
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand rules" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand schema" -l color -d 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never' -r -f -a "auto\t'Colour on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say'
always\t'Always colour'
never\t'Never colour'"
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand schema" -l config -d 'Deprecated: `schema config`'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand schema" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand facts" -s o -l output -d 'Write the facts to this file instead of stdout' -r -F
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand facts" -l profile -d 'AWS profile' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand facts" -l endpoint-url -d 'AWS endpoint URL (an emulator, a VPC endpoint)' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand facts" -l timeout -d 'Bound on the whole gathering of AWS facts, in seconds: more than 0, at most 3600' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand facts" -l assume-role -d 'Assume this role in each manifest\'s account before gathering there (`sts:AssumeRole`, session `astro-preflight`): a role name, or a role ARN with `{account}` in it' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand facts" -l max-concurrent-calls -d 'How many AWS calls may be in flight at once, across every account' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand facts" -l astro-organization -d 'The Astro organization whose cluster options to read (with ASTRO_API_TOKEN); default: ASTRO_ORGANIZATION_ID, then `[astro] organization-id` of the configuration' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand facts" -l astro-api-url -d 'The Astro API\'s base URL (a proxy\'s, an emulator\'s)' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand facts" -l color -d 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never' -r -f -a "auto\t'Colour on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say'
always\t'Always colour'
never\t'Never colour'"
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand facts" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand server" -l color -d 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never' -r -f -a "auto\t'Colour on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say'
always\t'Always colour'
never\t'Never colour'"
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand server" -l stdio -d 'Talk over stdin and stdout (the default and only transport; accepted for editors that pass it)'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand server" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand handoff" -l format -d 'Output format' -r -f -a "markdown\t'For a support request or a pull-request comment'
json\t'The stable JSON interface'"
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand handoff" -l config -d 'Configuration file (default: astro-preflight.toml beside the manifest or in a parent directory)' -r -F
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand handoff" -l select -d 'Run only these rules (comma-separated IDs; repeatable), over the configuration\'s `[rules]`. `yaml-syntax` and `schema` always run' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand handoff" -l ignore -d 'Do not run these rules (comma-separated IDs; repeatable), whatever the configuration and --select say' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand handoff" -l profile -d 'AWS profile' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand handoff" -l endpoint-url -d 'AWS endpoint URL (an emulator, a VPC endpoint)' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand handoff" -l timeout -d 'Bound on the whole gathering of AWS facts, in seconds: more than 0, at most 3600' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand handoff" -l assume-role -d 'Assume this role in each manifest\'s account before gathering there (`sts:AssumeRole`, session `astro-preflight`): a role name, or a role ARN with `{account}` in it' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand handoff" -l max-concurrent-calls -d 'How many AWS calls may be in flight at once, across every account' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand handoff" -l astro-organization -d 'The Astro organization whose cluster options to read (with ASTRO_API_TOKEN); default: ASTRO_ORGANIZATION_ID, then `[astro] organization-id` of the configuration' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand handoff" -l astro-api-url -d 'The Astro API\'s base URL (a proxy\'s, an emulator\'s)' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand handoff" -l facts -d 'Verify the prerequisites against facts saved by `astro-preflight facts`' -r -F
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand handoff" -l color -d 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never' -r -f -a "auto\t'Colour on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say'
always\t'Always colour'
never\t'Never colour'"
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand handoff" -l online -d 'Gather live AWS facts (standard credential chain) and, with ASTRO_API_TOKEN, the organization\'s cluster options from the Astro API, and run the online rules'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand handoff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand egress" -l organization -d 'The Astro organization\'s short name (overrides the manifest\'s `organization`)' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand egress" -l format -d 'Output format' -r -f -a "human\t'One line per host'
json\t'The stable JSON interface'"
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand egress" -l timeout -d 'Bound on each host\'s whole check (DNS, TCP, TLS, HTTPS), in seconds: more than 0, at most 3600' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand egress" -l cacert -d 'Also trust the CA certificates in this PEM file (a TLS-inspecting proxy\'s CA)' -r -F
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand egress" -l connect-to -d 'Send connections for HOST:PORT to CONNECT-TO-HOST:CONNECT-TO-PORT instead (curl\'s syntax; empty HOST or PORT matches any); TLS and HTTP still name HOST. Repeatable' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand egress" -l color -d 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never' -r -f -a "auto\t'Colour on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say'
always\t'Always colour'
never\t'Never colour'"
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand egress" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand tables" -l astro-organization -d 'The Astro organization whose cluster options to read (with ASTRO_API_TOKEN); default: ASTRO_ORGANIZATION_ID, then `[astro] organization-id` of the configuration' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand tables" -l astro-api-url -d 'The Astro API\'s base URL (a proxy\'s, an emulator\'s)' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand tables" -l timeout -d 'Bound on the call to the Astro API, in seconds: more than 0, at most 3600' -r
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand tables" -l color -d 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never' -r -f -a "auto\t'Colour on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say'
always\t'Always colour'
never\t'Never colour'"
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand tables" -l compare-live -d 'Compare the bundled tables with the organization\'s live cluster options (Astro API, with ASTRO_API_TOKEN): print what differs; exit 1 when anything does'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand tables" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand generate" -l out -d 'Directory to write into' -r -F
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand generate" -l color -d 'Colour: auto (on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say), always, never' -r -f -a "auto\t'Colour on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say'
always\t'Always colour'
never\t'Never colour'"
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand generate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand help; and not __fish_seen_subcommand_from check rules schema facts server handoff egress tables generate help" -f -a "check" -d 'Check manifests (files, directories, or - for stdin)'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand help; and not __fish_seen_subcommand_from check rules schema facts server handoff egress tables generate help" -f -a "rules" -d 'List every rule, or explain one'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand help; and not __fish_seen_subcommand_from check rules schema facts server handoff egress tables generate help" -f -a "schema" -d 'Print the JSON Schema of the manifest (`schema manifest`, the default) or of the configuration (`schema config`)'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand help; and not __fish_seen_subcommand_from check rules schema facts server handoff egress tables generate help" -f -a "facts" -d 'Gather the live AWS facts for manifests, as one JSON file (for `check --facts`)'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand help; and not __fish_seen_subcommand_from check rules schema facts server handoff egress tables generate help" -f -a "server" -d 'Run the language server over stdio (for editors)'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand help; and not __fish_seen_subcommand_from check rules schema facts server handoff egress tables generate help" -f -a "handoff" -d 'The information Astronomer support needs, from a manifest without errors'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand help; and not __fish_seen_subcommand_from check rules schema facts server handoff egress tables generate help" -f -a "egress" -d 'Whether Astronomer\'s allowlisted domains are reachable from here'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand help; and not __fish_seen_subcommand_from check rules schema facts server handoff egress tables generate help" -f -a "tables" -d 'Astronomer\'s bundled lists (regions, types), or what differs from your organization\'s live cluster options (--compare-live)'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand help; and not __fish_seen_subcommand_from check rules schema facts server handoff egress tables generate help" -f -a "generate" -d 'Generate shell completions or the man page'
complete -c astro-preflight -n "__fish_astro_preflight_using_subcommand help; and not __fish_seen_subcommand_from check rules schema facts server handoff egress tables generate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
