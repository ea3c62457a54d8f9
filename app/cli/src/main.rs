//! `zhuanjie …`: the product's command line (`cargo install --path app/cli`). See the
//! library for the commands; `zhuanjie help` lists them.

fn main() -> std::process::ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    zhuanjie_cli::main("zhuanjie", &argv)
}
