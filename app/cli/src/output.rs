//! Every file and every byte the command writes goes through here, so each write keeps the
//! same promises:
//!
//! - standard output: a closed pipe (`| head`) ends quietly, a full or broken one is a
//!   Chinese error and a non-zero exit, never a panic;
//! - a file (`--into`, `--out`): never one of the command's own inputs; a symlink is
//!   written through (the link stays), a read-only file is refused, a device or a pipe is
//!   written to directly (it stays what it is); a regular file is replaced through a
//!   temporary file in its folder, readable by the owner only, synced before the rename,
//!   and the old file's permissions are kept; temporary files a killed run left are
//!   removed;
//! - a workspace that is read, merged and written back (`roster --into`) is held by a lock
//!   file, so two runs at once cannot lose one import.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use zhuanjie_core::input::file_label;

use crate::engine::io_reason;

/// Writes `text` to standard output.
pub fn stdout(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("无法输出：{}", io_reason(&e)))
        }
        _ => Ok(()),
    }
}

/// Whether two paths are the same file (also through links); false when either is missing.
fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

/// The name of the temporary file for `target` written by process `pid`.
fn temp_name(target: &Path, pid: u32) -> PathBuf {
    target.with_file_name(format!(".{}.tmp-{pid}", file_name(target)))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Whether process `pid` is running (Linux: `/proc`; elsewhere every pid counts as
/// running, so nothing of another run is ever removed).
fn running(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

/// Removes the temporary files of `target` that runs no longer running left behind (the
/// copies `write_file` makes and the lock's own files).
fn remove_stale_temps(target: &Path) {
    remove_stale(target, &format!(".{}.tmp-", file_name(target)));
    remove_stale(target, &format!(".{}.lock-", file_name(target)));
}

fn remove_stale(target: &Path, prefix: &str) {
    let Some(dir) = target.parent().map(|d| {
        if d.as_os_str().is_empty() {
            Path::new(".")
        } else {
            d
        }
    }) else {
        return;
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix(prefix)
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !running(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Writes `bytes` to the file at `path` (see the module comment); `inputs` are the files
/// the command read, which it must not overwrite.
pub fn write_file(path: &str, bytes: &[u8], inputs: &[&str]) -> Result<(), String> {
    if path.trim().is_empty() {
        return Err("输出文件的路径是空的：请写出要写入的文件名".into());
    }
    let given = Path::new(path);
    if let Some(input) = inputs.iter().find(|i| same_file(given, Path::new(i))) {
        return Err(format!(
            "没有写入：{}就是输入文件{}，写入会覆盖它。请换一个输出文件名",
            file_label(path),
            file_label(input)
        ));
    }
    // Through a symlink: the file it points to is replaced, the link stays.
    let target = fs::canonicalize(given).unwrap_or_else(|_| given.to_path_buf());
    let existing = fs::metadata(&target).ok();
    if let Some(meta) = &existing {
        if !meta.file_type().is_file() {
            if meta.is_dir() {
                return Err(format!(
                    "无法写入{}：这是一个文件夹，不是文件",
                    file_label(path)
                ));
            }
            // A device or a pipe: written to as it is (a rename would replace it).
            let mut f = OpenOptions::new()
                .write(true)
                .open(&target)
                .map_err(|e| format!("无法写入{}：{}", file_label(path), io_reason(&e)))?;
            return f
                .write_all(bytes)
                .and_then(|()| f.flush())
                .map_err(|e| format!("无法写入{}：{}", file_label(path), io_reason(&e)));
        }
        if meta.permissions().readonly() {
            return Err(format!(
                "没有写入：{}是只读文件。如确要覆盖，请先改为可写",
                file_label(path)
            ));
        }
    }
    remove_stale_temps(&target);
    let tmp = temp_name(&target, std::process::id());
    let written = (|| -> std::io::Result<()> {
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        // The old file's permissions (a file of ID numbers kept at 600 stays at 600).
        let mode = existing
            .as_ref()
            .map_or(0o644, |m| m.permissions().mode() & 0o7777);
        f.set_permissions(fs::Permissions::from_mode(mode))?;
        drop(f);
        fs::rename(&tmp, &target)?;
        if let Some(dir) = target.parent() {
            if let Ok(d) = File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    })();
    written.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        format!("无法写入{}：{}", file_label(path), io_reason(&e))
    })
}

/// Holds `path`'s lock file while a run reads, merges and writes it back; removed when
/// dropped. A lock whose process is gone (killed) is taken over.
pub struct Lock {
    file: PathBuf,
}

impl Lock {
    pub fn take(path: &str) -> Result<Lock, String> {
        let given = Path::new(path);
        let target = fs::canonicalize(given).unwrap_or_else(|_| given.to_path_buf());
        let file = target.with_file_name(format!(".{}.lock", file_name(&target)));
        // The lock appears with its holder's pid already in it: written to a file of our
        // own, then linked to the lock's name (a link never replaces an existing file).
        let mine = target.with_file_name(format!(
            ".{}.lock-{}",
            file_name(&target),
            std::process::id()
        ));
        let failed = |e: std::io::Error| format!("无法锁定{}：{}", file_label(path), io_reason(&e));
        remove_stale_temps(&target);
        fs::write(&mine, std::process::id().to_string()).map_err(failed)?;
        let result = (|| {
            for _ in 0..2 {
                match fs::hard_link(&mine, &file) {
                    Ok(()) => return Ok(Lock { file: file.clone() }),
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        let holder = fs::read_to_string(&file)
                            .ok()
                            .and_then(|t| t.trim().parse::<u32>().ok());
                        match holder {
                            Some(pid) if running(pid) => {
                                return Err(format!(
                                    "没有写入：另一个 zhuanjie（进程 {pid}）正在写{}。请等它结束后再运行；如果确定没有别的程序在写，删除「{}」后再试",
                                    file_label(path),
                                    file.display()
                                ))
                            }
                            // Left by a killed run.
                            _ => {
                                let _ = fs::remove_file(&file);
                            }
                        }
                    }
                    Err(e) => return Err(failed(e)),
                }
            }
            Err(format!("无法锁定{}：另一个程序同时在写", file_label(path)))
        })();
        let _ = fs::remove_file(&mine);
        result
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.file);
    }
}
