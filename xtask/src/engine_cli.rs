//! The engine's command line: check, states, metrics.
pub fn check(_args: &[String]) -> Result<(), String> {
    Err("开发中".into())
}
pub fn states(_args: &[String]) -> Result<(), String> {
    Err("开发中".into())
}
pub fn metrics(_args: &[String]) -> Result<(), String> {
    Err("开发中".into())
}
