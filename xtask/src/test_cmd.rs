//! `cargo xtask test`: install what is needed, then run every test.
pub fn run(_args: &[String]) -> Result<(), String> {
    let status = std::process::Command::new(env!("CARGO"))
        .args(["test", "--workspace", "--exclude", "xtask"])
        .current_dir(crate::repo_root())
        .status()
        .map_err(|e| format!("无法运行 cargo test：{e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err("有测试失败".into())
    }
}
