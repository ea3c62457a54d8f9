//! zhuanjie engine.
