//! A real editor's client: Neovim (headless, Debian's package, which `scripts/test` installs)
//! starts `astro-preflight server` with `vim.lsp.start_client`, attaches it to a manifest and
//! reports the diagnostics it received, at the positions Neovim computed from the server's.

use std::path::PathBuf;
use std::process::Command;

/// `ASTRO_PREFLIGHT_NVIM`, else `nvim` on the PATH.
fn nvim() -> String {
    std::env::var("ASTRO_PREFLIGHT_NVIM").unwrap_or_else(|_| "nvim".to_owned())
}

const SCRIPT: &str = r#"
local bin, file, out = unpack(vim.g.args)
local id = vim.lsp.start_client({ name = 'astro-preflight', cmd = { bin, 'server' }, root_dir = vim.fn.fnamemodify(file, ':h') })
vim.cmd('edit ' .. vim.fn.fnameescape(file))
vim.lsp.buf_attach_client(0, id)
vim.wait(20000, function() return #vim.diagnostic.get(0) >= 3 end, 50)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '?'
  table.insert(lines, string.format('%d:%d %s %s', d.lnum + 1, d.col + 1, code, d.source or ''))
end
table.sort(lines)
vim.fn.writefile(lines, out)
vim.lsp.stop_client(id)
vim.wait(5000, function() return vim.lsp.get_client_by_id(id) == nil end, 50)
vim.cmd('qa!')
"#;

#[test]
fn neovim_attaches_the_server_and_shows_its_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("manifest.yaml");
    // A character outside the BMP before a flagged value: Neovim converts the server's UTF-16
    // columns back to bytes.
    std::fs::write(
        &manifest,
        "version: 1\ninstall: hybrid\naccount:\n  id: 012345678901\ncluster:\n  name: acme\n  region: eu-wst-1\npeering:\n  - {vpcId: vpc-0a1b2c3d4e5f67890, region: us-east-1, dnsServers: [10.10.0.2], \"🚀\": 1, cidrs: [10.10.0.1/16]}\n",
    )
    .unwrap();
    let script = dir.path().join("session.lua");
    std::fs::write(&script, SCRIPT).unwrap();
    let out = dir.path().join("diagnostics.txt");
    let args = format!(
        "let g:args = ['{}', '{}', '{}']",
        env!("CARGO_BIN_EXE_astro-preflight"),
        manifest.display(),
        out.display()
    );
    let status = Command::new(nvim())
        .args([
            "--headless",
            "--clean",
            "-u",
            "NONE",
            "-n",
            "--cmd",
            &args,
            "-c",
            &format!("luafile {}", script.display()),
        ])
        .env("HOME", dir.path())
        .env("XDG_STATE_HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path())
        .status()
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (scripts/test installs Debian's neovim package)",
                nvim()
            )
        });
    assert!(status.success(), "nvim: {status}");
    let text = std::fs::read_to_string(PathBuf::from(&out)).expect("Neovim wrote the diagnostics");
    let line9 = "  - {vpcId: vpc-0a1b2c3d4e5f67890, region: us-east-1, dnsServers: [10.10.0.2], \"🚀\": 1, cidrs: [";
    let cidr_col = line9.len() + 1; // Neovim's columns are bytes
    let mut expected = vec![
        "4:7 account-id-unquoted astro-preflight".to_owned(),
        "7:11 region-unsupported astro-preflight".to_owned(),
        format!("9:{cidr_col} cidr-host-bits astro-preflight"),
    ];
    let got: Vec<&str> = text.lines().filter(|l| !l.contains(" schema ")).collect();
    expected.sort();
    assert_eq!(got, expected, "all of Neovim's diagnostics:\n{text}");
}
