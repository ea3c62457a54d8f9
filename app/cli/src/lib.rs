//! zhuanjie-cli: the product's command line (`zhuanjie check | states | metrics | pending |
//! report | roster | sample`, also reachable as `cargo xtask …`). JSON on stdout; a Chinese message naming
//! the problem on stderr and a non-zero exit on bad input. An adapter over `zhuanjie_core`
//! and `zhuanjie_roster`: every decision is theirs; this crate reads files and arguments
//! and writes the results.
//!
//! The commands' arguments are declared once, in [`COMMANDS`] ([`args`] explains the
//! table); the parser, `help`, `<command> --help` and the README test all read it.

pub mod args;
mod engine;
mod output;
mod roster;

use std::process::ExitCode;

use args::{Command, Flag, Positional, Value};

pub use engine::{io_reason, print_json, read_input, read_workspace};

const WORKSPACE: Positional = Positional {
    name: "WORKSPACE.json",
    label: "工作区文件",
    help: "工作区 JSON（模拟器的导出格式）；- 表示标准输入",
    required: true,
};

const AT: Flag = Flag {
    name: "--at",
    value: Value::Date,
    help: "按这一天推算（默认：工作区的模拟时钟）",
    repeat: false,
};

const REGION: Flag = Flag {
    name: "--region",
    value: Value::Text("ORG_ID"),
    help: "只看这个组织及其下级（默认：根组织）",
    repeat: false,
};

const FORMAT: Flag = Flag {
    name: "--format",
    value: Value::OneOf(&["json", "csv", "xlsx"]),
    help: "输出格式（默认 json）",
    repeat: false,
};

const OUT: Flag = Flag {
    name: "--out",
    value: Value::Text("FILE"),
    help: "csv / xlsx 写到这个文件（xlsx 必须给；csv 不给时写到标准输出）",
    repeat: false,
};

const PERSONAL_DATA: Flag = Flag {
    name: "--personal-data",
    value: Value::Switch,
    help: "csv / xlsx 中给出完整身份证号（默认打码）",
    repeat: false,
};

/// The product's commands, in the order the usage lists them.
pub const COMMANDS: &[Command] = &[
    Command {
        name: "check",
        summary: "读取检查器答案（JSON），输出结果（JSON）",
        positional: Some(Positional {
            name: "FILE|-",
            label: "答案文件",
            help: "答案 JSON 文件；- 或不给表示标准输入",
            required: false,
        }),
        flags: &[],
    },
    Command {
        name: "states",
        summary: "输出每个申请在某日的状态",
        positional: Some(WORKSPACE),
        flags: &[AT],
    },
    Command {
        name: "metrics",
        summary: "输出某个组织子树的 SX 与 XS；csv / xlsx 为未完成名单与下级组织表",
        positional: Some(WORKSPACE),
        flags: &[REGION, AT, FORMAT, OUT, PERSONAL_DATA],
    },
    Command {
        name: "pending",
        summary: "催办清单：某日每个待审批申请该由哪个组织办理、已等几天、系统何时处理，以及未发起的毕业生（按团支部）",
        positional: Some(WORKSPACE),
        flags: &[REGION, AT, FORMAT, OUT, PERSONAL_DATA],
    },
    Command {
        name: "report",
        summary: "进度通报：某日某区域的 SX 与 XS、各单位排名、未发起最多的单位、与对比日期的变化和完成曲线；写成可直接打印（A4）或邮寄的 HTML，或 Excel",
        positional: Some(WORKSPACE),
        flags: &[
            REGION,
            Flag {
                name: "--at",
                value: Value::Date,
                help: "数据截止日期（默认：工作区的模拟时钟）",
                repeat: false,
            },
            Flag {
                name: "--since",
                value: Value::Date,
                help: "与这一天对比，给出期间新完成的人数（默认不对比）",
                repeat: false,
            },
            Flag {
                name: "--target",
                value: Value::Int("PCT", 1, 100),
                help: "目标完成率（百分数，例如 90；默认不设）",
                repeat: false,
            },
            Flag {
                name: "--lowest",
                value: Value::Int("N", 1, 100),
                help: "点名完成率最低的几个单位（默认 5）",
                repeat: false,
            },
            Flag {
                name: "--rank",
                value: Value::OneOf(&["xs", "sx"]),
                help: "按哪个完成率排名（默认 xs：大多数毕业生在 XS）",
                repeat: false,
            },
            Flag {
                name: "--format",
                value: Value::OneOf(&["html", "xlsx", "json"]),
                help: "输出格式（默认 html）",
                repeat: false,
            },
            Flag {
                name: "--out",
                value: Value::Text("FILE"),
                help: "写到这个文件（xlsx 必须给；html / json 不给时写到标准输出）",
                repeat: false,
            },
        ],
    },
    Command {
        name: "roster",
        summary: "读取花名册（.xlsx / .xls / .csv），输出导入报告；带 --into 时把合并后的工作区写回该文件",
        positional: Some(Positional {
            name: "FILE",
            label: "花名册文件",
            help: "花名册：.xlsx、.xls 或 CSV / 文本",
            required: true,
        }),
        flags: &[
            Flag {
                name: "--sheet",
                value: Value::Text("NAME"),
                help: "读这个工作表（默认第一个）",
                repeat: false,
            },
            Flag {
                name: "--also",
                value: Value::Text("FILE"),
                help: "同时导入的其他团支部文件（可重复；与 FILE 一起作为一次导入，没有团支部列的文件按标题行或文件名归入团支部）",
                repeat: true,
            },
            Flag {
                name: "--into",
                value: Value::Text("WORKSPACE.json"),
                help: "并入这个工作区，成功后写回该文件",
                repeat: false,
            },
            Flag {
                name: "--parent",
                value: Value::Text("ORG_ID"),
                help: "工作区中没有的团支部新建在这个组织下",
                repeat: false,
            },
            Flag {
                name: "--encoding",
                value: Value::Choice {
                    shown: &["utf-8", "gbk"],
                    accepts: roster::encoding_name,
                },
                help: "CSV 的编码（默认自动识别）",
                repeat: false,
            },
        ],
    },
    Command {
        name: "sample",
        summary: "输出一个合成的示例工作区（JSON）",
        positional: None,
        flags: &[
            Flag {
                name: "--edition",
                value: Value::OneOf(&["2021", "2019"]),
                help: "版本（默认 2021）",
                repeat: false,
            },
            Flag {
                name: "--members",
                value: Value::Int("N", 1, 5_000_000),
                help: "毕业团员人数（默认 60）",
                repeat: false,
            },
            Flag {
                name: "--seed",
                value: Value::Int("N", 0, u64::MAX),
                help: "随机种子（默认 7；同一种子给出同一份工作区）",
                repeat: false,
            },
        ],
    },
];

/// The heading the usage lists [`COMMANDS`] under.
pub const GROUP: &str = "引擎命令行";

/// The product command called `name`.
pub fn find(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// The usage overview of the `zhuanjie` program.
pub fn usage(prog: &str) -> String {
    args::usage(prog, &[(GROUP, COMMANDS)])
}

/// Runs one product command. `prog` is how the user called us (`zhuanjie`, `cargo xtask`),
/// for the usage lines of messages; the output is otherwise the same.
pub fn run(prog: &str, command: &str, rest: &[String]) -> Result<(), String> {
    let Some(spec) = find(command) else {
        return Err(format!("未知命令「{command}」。\n\n{}", usage(prog)));
    };
    args::run_with(prog, spec, rest, |parsed| match command {
        "check" => engine::check(&parsed),
        "states" => engine::states(&parsed),
        "metrics" => engine::metrics(&parsed),
        "pending" => engine::pending(&parsed),
        "report" => engine::report(&parsed),
        "roster" => roster::roster(&parsed),
        _ => engine::sample(&parsed),
    })
}

/// A command's result as the process ends: success, or `错误：message` on stderr and exit 1.
pub fn exit(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("错误：{message}");
            ExitCode::FAILURE
        }
    }
}

/// The `zhuanjie` program: `help`, or a command; no arguments prints the usage, exit 2.
pub fn main(prog: &str, argv: &[String]) -> ExitCode {
    let Some((command, rest)) = argv.split_first() else {
        eprint!("{}", usage(prog));
        return ExitCode::from(2);
    };
    match command.as_str() {
        "help" | "--help" | "-h" => {
            let text = match rest.first().and_then(|name| find(name)) {
                Some(spec) => args::help(prog, spec),
                None => usage(prog),
            };
            exit(output::stdout(&text))
        }
        _ => exit(run(prog, command, rest)),
    }
}
