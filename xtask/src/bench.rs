//! `cargo xtask bench`: measurements, printed as figures (never asserted as timings).
pub fn run(_args: &[String]) -> Result<(), String> {
    crate::engine_bench::run()?;
    crate::site::bench()?;
    Ok(())
}
