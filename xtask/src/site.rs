//! The guide-site generator (owned by the site work).
pub fn cmd_build(_args: &[String]) -> Result<(), String> {
    Err("站点生成器尚在开发".into())
}
pub fn cmd_serve(_args: &[String]) -> Result<(), String> {
    Err("站点生成器尚在开发".into())
}
