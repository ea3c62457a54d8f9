//! Site figures for `cargo xtask bench`: build time of the shipped content and of 1,000
//! generated pages, the weight of a typical guide page, a search timing, and mdBook on the
//! same Markdown when it is installed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use zhuanjie_site::search;

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("zj-bench-{}-{name}", std::process::id()))
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// 1,000 Chinese pages (800 guides, 200 FAQs) that link to each other.
fn generate_pages(dir: &Path) -> Result<(), String> {
    let w = |p: PathBuf, t: String| {
        fs::write(&p, t).map_err(|e| format!("无法写入 {}：{e}", p.display()))
    };
    for sub in ["guides", "faq", "data"] {
        fs::create_dir_all(dir.join(sub)).map_err(|e| e.to_string())?;
    }
    w(dir.join("site.toml"), "title = \"基准站点\"\n".into())?;
    for i in 0..1000 {
        let (sub, kind_extra) = if i < 800 {
            ("guides", String::new())
        } else {
            ("faq", format!("group = \"分组{}\"\n", i % 7))
        };
        let next = if i + 1 < 800 {
            format!("g{:04}.md#s2", i + 1)
        } else {
            "g0000.md".into()
        };
        let link = if sub == "guides" {
            next
        } else {
            format!("../guides/{next}")
        };
        let mut body = format!(
            "+++\ntitle = \"第 {i} 页：毕业生团员组织关系转接\"\norder = {i}\nsummary = \"第 {i} 页的摘要，说明转出原因与审批时限。\"\nsources = [\"S004 2.{}\"]\n{kind_extra}+++\n\n",
            i % 9
        );
        for s in 1..=5 {
            body.push_str(&format!(
                "## 第 {s} 节 {{#s{s}}}\n\n毕业生团员在“智慧团建”系统中发起转接申请，转入组织须在 10 天内审核，\
                 超过期限系统自动退回。升学的选择**升学**，就业的选择**就业**，见[下一页]({link})。\n\n\
                 - 登录系统\n- 填写转出原因\n- 等待审批（SX 指标）\n\n"
            ));
        }
        let name = if sub == "guides" {
            format!("g{i:04}.md")
        } else {
            format!("f{i:04}.md")
        };
        w(dir.join(sub).join(name), body)?;
    }
    Ok(())
}

fn page_weight(dist: &Path, page: &str) -> Result<(u64, u64), String> {
    let html = fs::read_to_string(dist.join(page)).map_err(|e| format!("无法读取 {page}：{e}"))?;
    let mut total = html.len() as u64;
    let mut assets = 0;
    for attr in ["href=\"", "src=\""] {
        for part in html.split(attr).skip(1) {
            let url = part.split('"').next().unwrap_or("");
            if url.ends_with(".css") || url.ends_with(".js") {
                if let Ok(m) = fs::metadata(dist.join(url)) {
                    total += m.len();
                    assets += m.len();
                }
            }
        }
    }
    Ok((total, assets))
}

fn mdbook_time(content: &Path) -> Result<f64, String> {
    let book = temp("mdbook");
    let _ = fs::remove_dir_all(&book);
    let src = book.join("src");
    fs::create_dir_all(&src).map_err(|e| e.to_string())?;
    zhuanjie_site::copy_dir(&content.join("guides"), &src.join("guides"))?;
    zhuanjie_site::copy_dir(&content.join("faq"), &src.join("faq"))?;
    let mut summary = String::from("# Summary\n\n");
    for sub in ["guides", "faq"] {
        let mut names: Vec<String> = fs::read_dir(src.join(sub))
            .map_err(|e| e.to_string())?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".md"))
            .collect();
        names.sort();
        for n in names {
            summary.push_str(&format!("- [{n}]({sub}/{n})\n"));
        }
    }
    fs::write(src.join("SUMMARY.md"), summary).map_err(|e| e.to_string())?;
    fs::write(
        book.join("book.toml"),
        "[book]\ntitle = \"bench\"\nlanguage = \"zh\"\n",
    )
    .map_err(|e| e.to_string())?;
    let start = Instant::now();
    let out = Command::new("mdbook")
        .arg("build")
        .arg(&book)
        .output()
        .map_err(|e| format!("无法运行 mdbook：{e}"))?;
    let t = ms(start.elapsed());
    let _ = fs::remove_dir_all(&book);
    if out.status.success() {
        Ok(t)
    } else {
        Err(format!(
            "mdbook build 失败：{}",
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .unwrap_or("")
        ))
    }
}

pub fn run() -> Result<(), String> {
    println!("== 站点生成器 ==");
    let content = crate::repo_root().join("content");
    let out = temp("shipped");
    let opts = zhuanjie_site::BuildOptions {
        content: content.clone(),
        out: out.clone(),
        app: None,
    };
    // One warm-up so the figure is the build, not the disk cache.
    zhuanjie_site::build(&opts)?;
    let runs = 5;
    let start = Instant::now();
    let mut report = None;
    for _ in 0..runs {
        report = Some(zhuanjie_site::build(&opts)?);
    }
    let shipped = ms(start.elapsed()) / runs as f64;
    if let Some(r) = &report {
        println!(
            "构建随附内容：{shipped:.1} 毫秒（{} 个页面，{} 个文件，{:.1} KB，取 {runs} 次平均）",
            r.pages,
            r.files,
            r.bytes as f64 / 1024.0
        );
    }
    let guide = fs::read_dir(content.join("guides"))
        .ok()
        .and_then(|rd| {
            let mut v: Vec<String> = rd
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".md"))
                .collect();
            v.sort();
            v.into_iter().find(|n| n == "steps.md").or(None)
        })
        .map(|n| n.replace(".md", ".html"))
        .unwrap_or_else(|| "index.html".into());
    let (weight, assets) = page_weight(&out, &guide)?;
    println!(
        "典型指南页 {guide} 的重量：{:.1} KB（HTML {:.1} KB + CSS/JS {:.1} KB，未压缩）",
        weight as f64 / 1024.0,
        (weight - assets) as f64 / 1024.0,
        assets as f64 / 1024.0
    );
    let index_bytes = fs::metadata(out.join("search-index.js"))
        .map(|m| m.len())
        .unwrap_or(0);
    println!(
        "搜索索引 search-index.js：{:.1} KB",
        index_bytes as f64 / 1024.0
    );
    let _ = fs::remove_dir_all(&out);

    let gen = temp("gen");
    let _ = fs::remove_dir_all(&gen);
    generate_pages(&gen)?;
    let gen_out = temp("gen-out");
    let start = Instant::now();
    let r = zhuanjie_site::build(&zhuanjie_site::BuildOptions {
        content: gen.clone(),
        out: gen_out.clone(),
        app: None,
    })?;
    let thousand = ms(start.elapsed());
    println!(
        "构建 1000 个生成页面：{thousand:.0} 毫秒（共 {} 个页面，{:.1} MB）",
        r.pages,
        r.bytes as f64 / 1024.0 / 1024.0
    );
    let (files, _) = zhuanjie_site::generate(&gen, None).map_err(|e| e.join("\n"))?;
    let index = files
        .iter()
        .find(|f| f.path == "search-index.js")
        .and_then(|f| search::Index::from_script(&String::from_utf8_lossy(&f.bytes)))
        .ok_or("1000 页的搜索索引无法读回")?;
    let start = Instant::now();
    let hits = search::search(&index, "系统自动 10天");
    println!(
        "在 1000 页的索引中搜索“系统自动 10天”：{:.1} 毫秒，{} 个结果（Rust 实现，与页面里的 JS 同一算法）",
        ms(start.elapsed()),
        hits.len()
    );
    let _ = fs::remove_dir_all(&gen_out);

    match Command::new("mdbook").arg("--version").output() {
        Ok(v) if v.status.success() => {
            let version = String::from_utf8_lossy(&v.stdout).trim().to_string();
            match (mdbook_time(&content), mdbook_time(&gen)) {
                (Ok(a), Ok(b)) => println!(
                    "{version}：随附内容 {a:.0} 毫秒（本生成器的 {:.1} 倍），1000 页 {b:.0} 毫秒（{:.1} 倍）",
                    a / shipped,
                    b / thousand
                ),
                (Err(e), _) | (_, Err(e)) => println!("mdBook 对比跳过：{e}"),
            }
        }
        _ => println!(
            "mdBook 对比跳过：PATH 上没有 mdbook（可用 `cargo install mdbook --locked` 安装，约需数分钟编译）"
        ),
    }
    let _ = fs::remove_dir_all(&gen);
    Ok(())
}
