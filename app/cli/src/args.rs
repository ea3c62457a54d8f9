//! Command lines declared once, as data (as ripgrep does): a [`Command`] per subcommand
//! lists its positional argument and its flags (value name, Chinese help, what values it
//! takes). The same table drives the one parser ([`parse`]), the usage and help texts
//! ([`usage`], [`help`]) and the README test. Every mistake gets the same message for
//! every command: an unknown flag, a missing value, a bad value and an extra argument are
//! each worded once, here.
//!
//! Flags start with `--` and take their value as the next argument (`--at 2026-10-01`);
//! a flag given twice keeps the last value unless it is `repeat`. `--help` (or `-h`) asks
//! for the command's help. Anything else is the positional argument (`-` included).

use chrono::NaiveDate;

/// One subcommand: its name, one line of what it does, its positional argument and flags.
pub struct Command {
    pub name: &'static str,
    /// What the command does, one line of Chinese (the usage overview and `--help`).
    pub summary: &'static str,
    pub positional: Option<Positional>,
    pub flags: &'static [Flag],
}

/// The one positional argument a command may take (a file).
pub struct Positional {
    /// As the usage shows it: `WORKSPACE.json`, `FILE|-`.
    pub name: &'static str,
    /// What it is, as the messages name it: 工作区文件 (缺少工作区文件, 只接受一个工作区文件).
    pub label: &'static str,
    pub help: &'static str,
    pub required: bool,
}

pub struct Flag {
    /// With the dashes: `--at`.
    pub name: &'static str,
    pub value: Value,
    pub help: &'static str,
    /// May be given more than once; every value is kept ([`Parsed::all`]).
    pub repeat: bool,
}

/// What follows a flag.
pub enum Value {
    /// Nothing: the flag is a switch.
    Switch,
    /// Any text; the string is the value's name in the usage (`ORG_ID`, `FILE`).
    Text(&'static str),
    /// One of these, exactly.
    OneOf(&'static [&'static str]),
    /// One of `shown` as the usage lists them, or a spelling `accepts` also takes
    /// (`--encoding utf8`, `gb18030`).
    Choice {
        shown: &'static [&'static str],
        accepts: fn(&str) -> bool,
    },
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A whole number in `min..=max`; the string is its name in the usage.
    Int(&'static str, u64, u64),
}

impl Value {
    /// The value as the usage shows it: `YYYY-MM-DD`, `json|csv|xlsx`, `N`.
    pub fn name(&self) -> String {
        match self {
            Value::Switch => String::new(),
            Value::Text(name) | Value::Int(name, ..) => (*name).into(),
            Value::OneOf(values) | Value::Choice { shown: values, .. } => values.join("|"),
            Value::Date => "YYYY-MM-DD".into(),
        }
    }

    /// What a good value looks like, as the bad-value message says it.
    fn expected(&self) -> String {
        match self {
            Value::Switch | Value::Text(_) => String::new(),
            Value::OneOf(values) | Value::Choice { shown: values, .. } => or_list(values),
            Value::Date => "YYYY-MM-DD 格式的有效日期".into(),
            Value::Int(_, 1, u64::MAX) => "正整数".into(),
            Value::Int(_, 0, u64::MAX) => "整数".into(),
            Value::Int(_, min, max) => format!("{min} 到 {max} 的整数"),
        }
    }

    fn accepts(&self, value: &str) -> bool {
        match self {
            Value::Switch | Value::Text(_) => true,
            Value::OneOf(values) => values.contains(&value),
            Value::Choice { shown, accepts } => shown.contains(&value) || accepts(value),
            Value::Date => parse_date(value).is_some(),
            Value::Int(_, min, max) => value
                .parse::<u64>()
                .is_ok_and(|n| (*min..=*max).contains(&n)),
        }
    }
}

/// `a、b 或 c`.
fn or_list(values: &[&str]) -> String {
    match values {
        [] => String::new(),
        [one] => (*one).into(),
        [init @ .., last] => format!("{} 或 {last}", init.join("、")),
    }
}

fn parse_date(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()
}

/// The one wording of a bad value, for the parser and for the checks a command makes
/// afterwards against data it only knows then (`--target` of `fuzz`).
pub fn bad_value(flag: &str, value: &str, expected: &str) -> String {
    // A space between Chinese and Latin text, none between Chinese and Chinese.
    let space = if expected.starts_with(|c: char| c.is_ascii()) {
        " "
    } else {
        ""
    };
    format!("{flag} 的取值「{value}」应为{space}{expected}")
}

/// The arguments as the table read them.
#[derive(Debug, Default)]
pub struct Parsed {
    pub positional: Option<String>,
    /// Every flag given, in order, with its value (empty for a switch).
    values: Vec<(&'static str, String)>,
}

impl Parsed {
    /// The last value given for the flag.
    pub fn get(&self, flag: &str) -> Option<&str> {
        self.values
            .iter()
            .rev()
            .find(|(f, _)| *f == flag)
            .map(|(_, v)| v.as_str())
    }

    /// Every value given for the flag, in order.
    pub fn all<'a>(&'a self, flag: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.values
            .iter()
            .filter(move |(f, _)| *f == flag)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the flag (a switch, or any flag) was given.
    pub fn has(&self, flag: &str) -> bool {
        self.values.iter().any(|(f, _)| *f == flag)
    }

    /// A [`Value::Date`] flag's date (the parser has checked it).
    pub fn date(&self, flag: &str) -> Option<NaiveDate> {
        self.get(flag).and_then(parse_date)
    }

    /// A [`Value::Int`] flag's number (the parser has checked it).
    pub fn int(&self, flag: &str) -> Option<u64> {
        self.get(flag).and_then(|v| v.parse().ok())
    }
}

/// What the command line asked for: to run with these arguments, or the command's help.
#[derive(Debug)]
pub enum Request {
    Run(Parsed),
    Help,
}

/// Reads `args` (after the command's name) by the command's table. `prog` is how the user
/// called us (`zhuanjie`, `cargo xtask`), for the usage line a mistake ends with.
pub fn parse(prog: &str, command: &Command, args: &[String]) -> Result<Request, String> {
    let fail = |message: String| Err(format!("{message}\n{}", usage_hint(prog, command)));
    let mut parsed = Parsed::default();
    let mut extra = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "--help" || arg == "-h" {
            return Ok(Request::Help);
        }
        if !arg.starts_with("--") {
            match (&command.positional, &parsed.positional) {
                (Some(_), None) => parsed.positional = Some(arg.clone()),
                _ => extra.push(arg.as_str()),
            }
            continue;
        }
        let Some(flag) = command.flags.iter().find(|f| f.name == arg) else {
            return fail(format!("{} 不认识的参数 {arg}", command.name));
        };
        let value = match flag.value {
            Value::Switch => String::new(),
            ref kind => {
                let Some(value) = iter.next().filter(|v| !v.starts_with("--")) else {
                    return fail(format!("{} 后面缺少取值（{}）", flag.name, kind.name()));
                };
                if !kind.accepts(value) {
                    return fail(bad_value(flag.name, value, &kind.expected()));
                }
                value.clone()
            }
        };
        parsed.values.push((flag.name, value));
    }
    if !extra.is_empty() {
        return fail(match &command.positional {
            None => format!(
                "{} 不接受其它参数，收到：{}",
                command.name,
                extra.join("、")
            ),
            Some(p) => {
                let all: Vec<&str> = parsed
                    .positional
                    .iter()
                    .map(String::as_str)
                    .chain(extra)
                    .collect();
                format!(
                    "{} 只接受一个{}，收到 {} 个：{}",
                    command.name,
                    p.label,
                    all.len(),
                    all.join("、")
                )
            }
        });
    }
    match &command.positional {
        Some(p) if p.required && parsed.positional.is_none() => fail(format!("缺少{}。", p.label)),
        _ => Ok(Request::Run(parsed)),
    }
}

/// The line a mistake ends with.
fn usage_hint(prog: &str, command: &Command) -> String {
    format!(
        "用法：{prog} {}（{prog} {} --help 查看说明）",
        synopsis(command),
        command.name
    )
}

/// `metrics WORKSPACE.json [--region ORG_ID] [--at YYYY-MM-DD] …`: the command as the
/// usage shows it.
pub fn synopsis(command: &Command) -> String {
    let mut out = command.name.to_string();
    if let Some(p) = &command.positional {
        out += &if p.required {
            format!(" {}", p.name)
        } else {
            format!(" [{}]", p.name)
        };
    }
    for flag in command.flags {
        out += &format!(" [{}]", flag_synopsis(flag));
        if flag.repeat {
            out += "…";
        }
    }
    out
}

fn flag_synopsis(flag: &Flag) -> String {
    match flag.value {
        Value::Switch => flag.name.into(),
        ref value => format!("{} {}", flag.name, value.name()),
    }
}

/// The width of the left column of the usage and help texts.
const COLUMN: usize = 24;

/// `  left    right`, or `right` on its own line under a long `left`.
fn row(out: &mut String, indent: usize, left: &str, right: &str) {
    let pad = indent + COLUMN;
    if indent + left.chars().count() + 2 > pad {
        out.push_str(&format!("{:indent$}{left}\n{:pad$}{right}\n", "", ""));
    } else {
        out.push_str(&format!("{:indent$}{left:<COLUMN$}{right}\n", ""));
    }
}

/// The overview: a heading per group, a line per command (synopsis and summary).
pub fn usage(prog: &str, groups: &[(&str, &[Command])]) -> String {
    let mut out = format!("用法：{prog} <命令> [参数]\n");
    for (heading, commands) in groups {
        out.push('\n');
        out.push_str(heading);
        out.push('\n');
        for command in *commands {
            row(&mut out, 2, &synopsis(command), command.summary);
        }
    }
    out.push_str(&format!("\n{prog} <命令> --help 列出该命令的参数。\n"));
    out
}

/// `prog command --help`: the synopsis, the summary, and every argument with its help.
pub fn help(prog: &str, command: &Command) -> String {
    let mut out = format!(
        "用法：{prog} {}\n\n{}\n",
        synopsis(command),
        command.summary
    );
    if command.positional.is_none() && command.flags.is_empty() {
        return out;
    }
    out.push_str("\n参数\n");
    if let Some(p) = &command.positional {
        row(&mut out, 2, p.name, p.help);
    }
    for flag in command.flags {
        let help = if flag.repeat {
            format!("{}（可以给多次）", flag.help)
        } else {
            flag.help.to_string()
        };
        row(&mut out, 2, &flag_synopsis(flag), &help);
    }
    out
}

/// Parses and, unless help was asked for (printed to stdout), runs `body`.
pub fn run_with(
    prog: &str,
    command: &Command,
    args: &[String],
    body: impl FnOnce(Parsed) -> Result<(), String>,
) -> Result<(), String> {
    match parse(prog, command, args)? {
        Request::Help => crate::output::stdout(&help(prog, command)),
        Request::Run(parsed) => body(parsed),
    }
}

/// Every `--flag` written in `text`, in order.
fn flags_in(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("--") {
        let tail = &rest[at..];
        let end = tail[2..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .map_or(tail.len(), |i| i + 2);
        if end > 2 {
            out.push(&tail[..end]);
        }
        rest = &tail[end.max(2)..];
    }
    out
}

/// What a README says wrong about `commands` (the README tests): every place that writes
/// `PREFIX COMMAND …` (in a code span up to its closing backtick, or a code line) may name
/// only the command's own flags, and together those places must name every one of them.
pub fn readme_problems(readme: &str, prefixes: &[&str], commands: &[&Command]) -> Vec<String> {
    let mut problems = Vec::new();
    for command in commands {
        let mut seen: Vec<&str> = Vec::new();
        for line in readme.lines() {
            for prefix in prefixes {
                let call = format!("{prefix} {}", command.name);
                for (at, _) in line.match_indices(&call) {
                    let tail = &line[at + call.len()..];
                    if tail.starts_with(|c: char| c.is_alphanumeric() || c == '-' || c == '_') {
                        continue;
                    }
                    let fragment = &tail[..tail.find('`').unwrap_or(tail.len())];
                    for flag in flags_in(fragment) {
                        if command.flags.iter().any(|f| f.name == flag) {
                            seen.push(flag);
                        } else {
                            problems.push(format!("README：{call} 没有参数 {flag}：{line}"));
                        }
                    }
                }
            }
        }
        for flag in command.flags {
            if !seen.contains(&flag.name) {
                problems.push(format!(
                    "README 没有写出 {} 的参数 {}",
                    command.name, flag.name
                ));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    const CMD: Command = Command {
        name: "demo",
        summary: "演示",
        positional: Some(Positional {
            name: "FILE",
            label: "文件",
            help: "一个文件",
            required: true,
        }),
        flags: &[
            Flag {
                name: "--at",
                value: Value::Date,
                help: "日期",
                repeat: false,
            },
            Flag {
                name: "--kind",
                value: Value::OneOf(&["a", "b", "c"]),
                help: "种类",
                repeat: false,
            },
            Flag {
                name: "--n",
                value: Value::Int("N", 1, 9),
                help: "数",
                repeat: true,
            },
            Flag {
                name: "--quiet",
                value: Value::Switch,
                help: "安静",
                repeat: false,
            },
        ],
    };

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn ok(list: &[&str]) -> Parsed {
        match parse("p", &CMD, &args(list)) {
            Ok(Request::Run(parsed)) => parsed,
            other => panic!("{list:?}: {other:?}"),
        }
    }

    fn err(list: &[&str]) -> String {
        parse("p", &CMD, &args(list)).unwrap_err()
    }

    #[test]
    fn reads_flags_values_and_the_positional() {
        let p = ok(&["f", "--at", "2026-10-01", "--n", "2", "--n", "3", "--quiet"]);
        assert_eq!(p.positional.as_deref(), Some("f"));
        assert_eq!(p.date("--at"), NaiveDate::from_ymd_opt(2026, 10, 1));
        assert_eq!(p.all("--n").collect::<Vec<_>>(), ["2", "3"]);
        assert_eq!(p.int("--n"), Some(3));
        assert!(p.has("--quiet") && !p.has("--kind"));
        assert_eq!(ok(&["-"]).positional.as_deref(), Some("-"));
        assert!(parse("p", &CMD, &args(&["--bogus", "--help"])).is_err());
        assert!(matches!(
            parse("p", &CMD, &args(&["--help", "--bogus"])),
            Ok(Request::Help)
        ));
    }

    #[test]
    fn every_mistake_has_one_wording() {
        let hint = "\n用法：p demo FILE [--at YYYY-MM-DD] [--kind a|b|c] [--n N]… [--quiet]（p demo --help 查看说明）";
        for (list, message) in [
            (&["f", "--bogus"][..], "demo 不认识的参数 --bogus"),
            (&["f", "--at"], "--at 后面缺少取值（YYYY-MM-DD）"),
            (&["f", "--at", "--quiet"], "--at 后面缺少取值（YYYY-MM-DD）"),
            (
                &["f", "--at", "2026-02-30"],
                "--at 的取值「2026-02-30」应为 YYYY-MM-DD 格式的有效日期",
            ),
            (&["f", "--kind", "d"], "--kind 的取值「d」应为 a、b 或 c"),
            (&["f", "--n", "0"], "--n 的取值「0」应为 1 到 9 的整数"),
            (&["f", "g", "h"], "demo 只接受一个文件，收到 3 个：f、g、h"),
            (&[], "缺少文件。"),
        ] {
            assert_eq!(err(list), format!("{message}{hint}"), "{list:?}");
        }
    }

    #[test]
    fn usage_and_help_come_from_the_table() {
        let text = help("p", &CMD);
        assert!(
            text.starts_with("用法：p demo FILE [--at YYYY-MM-DD]"),
            "{text}"
        );
        for flag in CMD.flags {
            assert!(
                text.contains(flag.name) && text.contains(flag.help),
                "{text}"
            );
        }
        let text = usage("p", &[("组", &[CMD])]);
        assert!(text.contains("\n组\n  demo FILE"), "{text}");
        assert_eq!(flags_in("`a --b c|--d-e` --"), ["--b", "--d-e"]);
        let readme = "`p demo F --at D --kind a` `p demo --n 1 --quiet --x`\n`p demox --y`";
        assert_eq!(
            readme_problems(readme, &["p"], &[&CMD]),
            ["README：p demo 没有参数 --x：`p demo F --at D --kind a` `p demo --n 1 --quiet --x`"]
        );
    }
}
