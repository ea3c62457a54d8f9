//! The command table as the user meets it: `zhuanjie help`, `zhuanjie <command> --help`,
//! the same message for the same mistake in every command, and the README listing every
//! flag.

use super::engine::zhuanjie;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_lists_every_command_and_each_command_its_flags() {
    let out = zhuanjie(&["help"], None);
    assert!(out.status.success());
    let usage = text(&out.stdout);
    assert!(
        usage.starts_with("用法：zhuanjie <命令> [参数]\n"),
        "{usage}"
    );
    for command in zhuanjie_cli::COMMANDS {
        assert!(usage.contains(&format!("  {} ", command.name)), "{usage}");
        for how in [vec![command.name, "--help"], vec!["help", command.name]] {
            let out = zhuanjie(&how, None);
            assert!(out.status.success(), "{how:?}");
            let help = text(&out.stdout);
            assert!(
                help.starts_with(&format!("用法：zhuanjie {}", command.name)),
                "{help}"
            );
            for flag in command.flags {
                assert!(
                    help.contains(flag.name) && help.contains(flag.help),
                    "{help}"
                );
            }
        }
    }
    // No command: the usage on stderr, exit 2.
    let out = zhuanjie(&[], None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stderr), usage);
}

#[test]
fn the_same_mistake_gets_the_same_message_in_every_command() {
    let ws = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../content/data/sample-workspace-2021.json");
    let ws = ws.to_str().unwrap();
    for command in zhuanjie_cli::COMMANDS {
        let file = command.positional.as_ref().map(|_| ws);
        let base: Vec<&str> = std::iter::once(command.name).chain(file).collect();
        let usage = format!(
            "用法：zhuanjie {}（zhuanjie {} --help 查看说明）",
            zhuanjie_cli::args::synopsis(command),
            command.name
        );
        let err = |extra: &[&str]| {
            let out = zhuanjie(&[base.as_slice(), extra].concat(), Some(""));
            assert_eq!(out.status.code(), Some(1), "{extra:?}");
            text(&out.stderr)
        };
        assert_eq!(
            err(&["--bogus"]),
            format!("错误：{} 不认识的参数 --bogus\n{usage}\n", command.name)
        );
        for flag in command.flags {
            if !matches!(flag.value, zhuanjie_cli::args::Value::Switch) {
                assert_eq!(
                    err(&[flag.name]),
                    format!(
                        "错误：{} 后面缺少取值（{}）\n{usage}\n",
                        flag.name,
                        flag.value.name()
                    )
                );
            }
        }
        let extra = err(&["x.json", "y.json"]);
        match &command.positional {
            Some(p) => assert!(
                extra.starts_with(&format!(
                    "错误：{} 只接受一个{}，收到 ",
                    command.name, p.label
                )),
                "{extra}"
            ),
            None => assert_eq!(
                extra,
                format!(
                    "错误：{} 不接受其它参数，收到：x.json、y.json\n{usage}\n",
                    command.name
                )
            ),
        }
    }
}

#[test]
fn readme_lists_every_flag_of_every_command() {
    let readme = std::fs::read_to_string(
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../README.md"),
    )
    .unwrap();
    let commands: Vec<_> = zhuanjie_cli::COMMANDS.iter().collect();
    let problems =
        zhuanjie_cli::args::readme_problems(&readme, &["zhuanjie", "cargo xtask"], &commands);
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    assert!(readme.contains("cargo install --path app/cli"));
}
