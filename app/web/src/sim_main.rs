//! The admin simulator's bundle (`sim.html`, loaded by `simulator.html`). The page lives in
//! the library (`src/sim/`); the other pages are other binaries, so no page loads another's
//! code.

fn main() {
    zhuanjie_web::mount::mount(zhuanjie_web::sim::Simulator);
}
