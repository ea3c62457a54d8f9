//! xtask's own commands (the tooling: setup, build, serve, test, bench, fuzz), declared once
//! as data in the table form of `zhuanjie_cli::args`, which also parses them and writes
//! their usage and help. The product's commands (check, states, …) are `zhuanjie_cli`'s
//! table; `cargo xtask` runs them through the same library code as the `zhuanjie` program.

use zhuanjie_cli::args::{self, Command, Flag, Value};

/// How the user calls us, for the usage lines.
pub const PROG: &str = "cargo xtask";

const OUT: Flag = Flag {
    name: "--out",
    value: Value::Text("DIR"),
    help: "输出目录（默认 dist/）",
    repeat: false,
};
const CONTENT: Flag = Flag {
    name: "--content",
    value: Value::Text("DIR"),
    help: "内容目录（默认 content/）",
    repeat: false,
};
const APP: Flag = Flag {
    name: "--app",
    value: Value::Text("DIR"),
    help: "使用这个已构建好的应用目录（含 app-manifest.json），不再用 trunk 构建应用",
    repeat: false,
};
const NO_APP: Flag = Flag {
    name: "--no-app",
    value: Value::Switch,
    help: "不构建应用（用已有的 target/app-dist/ 或输出目录中的 app/；都没有时只有指南页面）",
    repeat: false,
};

const SITE: &[Command] = &[
    Command {
        name: "serve",
        summary: "安装所需工具、构建站点并在 127.0.0.1 上提供服务",
        positional: None,
        flags: &[
            Flag {
                name: "--port",
                value: Value::Int("N", 1, 65535),
                help: "端口（默认 8000）",
                repeat: false,
            },
            OUT,
            CONTENT,
            APP,
            NO_APP,
        ],
    },
    Command {
        name: "build",
        summary: "把 content/ 与应用构建到 dist/",
        positional: None,
        flags: &[OUT, CONTENT, APP, NO_APP],
    },
];

const TOOLS: &[Command] = &[
    Command {
        name: "test",
        summary: "安装所需工具并运行全部测试（引擎、站点、浏览器端到端）",
        positional: None,
        flags: &[Flag {
            name: "--no-browser",
            value: Value::Switch,
            help: "不装浏览器、只跑引擎与 xtask 的测试（本地快速检查用）",
            repeat: false,
        }],
    },
    Command {
        name: "bench",
        summary: "运行基准测量并打印数字",
        positional: None,
        flags: &[],
    },
    Command {
        name: "fuzz",
        summary: "覆盖率引导的模糊测试（libFuzzer），新发现的输入并入 xtask/fuzz/corpus/",
        positional: None,
        flags: &[
            Flag {
                name: "--seconds",
                value: Value::Int("N", 1, u64::MAX),
                help: "每个目标运行的秒数（默认 60）",
                repeat: false,
            },
            Flag {
                name: "--target",
                value: Value::Text("NAME"),
                help: "只运行这个目标（默认全部）",
                repeat: true,
            },
            Flag {
                name: "--no-merge",
                value: Value::Switch,
                help: "不把新发现并入保留的语料（CI 的短时运行用）",
                repeat: false,
            },
        ],
    },
    Command {
        name: "setup",
        summary: "只安装工具（幂等）",
        positional: None,
        flags: &[],
    },
];

/// The command groups, in the order the usage lists them.
fn groups() -> [(&'static str, &'static [Command]); 3] {
    [
        ("站点", SITE),
        ("测试与测量", TOOLS),
        (zhuanjie_cli::GROUP, zhuanjie_cli::COMMANDS),
    ]
}

/// Every command of `cargo xtask`: its own and the product's.
pub fn all() -> impl Iterator<Item = &'static Command> {
    groups()
        .into_iter()
        .flat_map(|(_, commands)| commands.iter())
}

/// xtask's own command called `name`.
pub fn find(name: &str) -> Option<&'static Command> {
    SITE.iter().chain(TOOLS).find(|c| c.name == name)
}

pub fn usage() -> String {
    args::usage(PROG, &groups())
}

/// `cargo xtask help [COMMAND]`.
pub fn help(rest: &[String]) -> String {
    match rest.first().and_then(|name| all().find(|c| c.name == name)) {
        Some(command) => args::help(PROG, command),
        None => usage(),
    }
}

#[cfg(test)]
mod tests {
    /// README.md lists every flag of every command (xtask's and the product's), and names
    /// no flag a command does not have.
    #[test]
    fn readme_lists_every_flag_of_every_command() {
        let readme = std::fs::read_to_string(crate::repo_root().join("README.md")).unwrap();
        let problems = zhuanjie_cli::args::readme_problems(
            &readme,
            &["cargo xtask", "zhuanjie"],
            &super::all().collect::<Vec<_>>(),
        );
        assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    }

    #[test]
    fn usage_names_every_command_and_flag() {
        let usage = super::usage();
        for command in super::all() {
            assert!(
                usage.contains(&format!("  {} ", command.name))
                    || usage.contains(&format!("  {}\n", command.name)),
                "{}",
                command.name
            );
            for flag in command.flags {
                assert!(super::help(&[command.name.into()]).contains(flag.help));
                assert!(usage.contains(flag.name), "{}", flag.name);
            }
        }
    }
}
