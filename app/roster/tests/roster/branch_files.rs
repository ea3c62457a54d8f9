//! Many branch files at once, as 智慧团建 exports them (one workbook per 团支部): each
//! file's branch from its title row or its name, headers of the national system, a totals
//! footer, a member two files name, and the whole set as one undoable step.

use crate::common::*;
use zhuanjie_core::commands::{apply, revert, Command};
use zhuanjie_roster::{
    auto_map, guess_branch, not_needed, plan_import_files, read_table, BranchFrom, Mapping,
    RosterFile, Table,
};

fn read(name: &str, rows: &[Vec<&str>]) -> Table {
    read_table(name, &xlsx(&[("Sheet1", strings(rows))]), None, None).unwrap()
}

/// Three branch exports: a new branch named in its title, one named by its file name only
/// (the workspace's 2022级1班), and one whose title names 计算机学院2022级2班团支部 (the
/// workspace's 2022级2班). The third repeats an ID number of the first.
fn three_files() -> Vec<Table> {
    let a1 = id_number("20040301", 11);
    let a2 = id_number("20040302", 12);
    let b1 = id_number("20040303", 13);
    let header = vec![
        "序号",
        "姓名",
        "身份证号码",
        "发展团员编号",
        "政治面貌",
        "入团年月",
        "手机号码",
    ];
    vec![
        read(
            "团员信息导出(1).xlsx",
            &[
                vec!["共青团示例大学委员会", "", "软件2201团支部团员信息"],
                header.clone(),
                vec![
                    "1",
                    "丁一",
                    &a1,
                    "T0001",
                    "共青团员",
                    "2019-05",
                    "13800000000",
                ],
                vec!["2", "丁二", &a2, "T0002", "中共党员", "2019-05", ""],
                vec!["合计", "2 人"],
            ],
        ),
        read(
            "2022级1班_团员名单.xlsx",
            &[
                header.clone(),
                vec!["1", "戊一", &b1, "T0003", "共青团员", "2020-05", ""],
            ],
        ),
        read(
            "名单.xlsx",
            &[
                vec!["计算机学院2022级2班团支部 团员名单"],
                header,
                vec!["1", "己一", &a1, "T0004", "共青团员", "2020-05", ""],
                vec!["2", "己二", "", "T0005", "共青团员", "2020-05", ""],
            ],
        ),
    ]
}

#[test]
fn each_file_names_its_branch_by_title_or_file_name() {
    let ws = workspace();
    let tables = three_files();
    let guesses: Vec<_> = tables
        .iter()
        .map(|t| guess_branch(&ws, t, &auto_map(&t.headers), true).unwrap())
        .collect();
    assert_eq!(guesses[0].name, "软件2201团支部");
    assert_eq!(guesses[0].from, BranchFrom::Title);
    assert_eq!(
        guesses[1].name, "2022级1班",
        "the workspace's branch the file name names"
    );
    assert_eq!(guesses[1].from, BranchFrom::FileName);
    assert_eq!(
        guesses[2].name, "2022级2班",
        "the title's longer name is the workspace's"
    );
    assert_eq!(guesses[2].from, BranchFrom::Title);
    // Alone, a file's name without 团支部 in it is no guess (it may be any roster).
    assert_eq!(
        guess_branch(&ws, &tables[1], &auto_map(&tables[1].headers), false),
        None
    );
    assert!(guess_branch(&ws, &tables[0], &auto_map(&tables[0].headers), false).is_some());
    // A file with a branch column says it row by row: no guess.
    let with_column = read(
        "x.xlsx",
        &[vec!["姓名", "所在团支部"], vec!["甲", "2022级1班"]],
    );
    assert_eq!(
        guess_branch(&ws, &with_column, &auto_map(&with_column.headers), true),
        None
    );
}

#[test]
fn headers_of_the_national_export_are_known_and_a_totals_footer_is_skipped() {
    let t = &three_files()[0];
    assert_eq!(t.header_row, 2);
    assert_eq!(t.rows.len(), 2, "the 合计 row is no member");
    assert_eq!(t.footer_rows, vec![5]);
    assert!(t
        .title
        .as_deref()
        .unwrap()
        .contains("软件2201团支部团员信息"));
    let mapping = auto_map(&t.headers);
    use zhuanjie_roster::Field;
    assert_eq!(mapping.column_of(Field::Name), Some(1));
    assert_eq!(mapping.column_of(Field::IdNumber), Some(2));
    assert_eq!(mapping.column_of(Field::StudentNo), Some(3));
    assert_eq!(mapping.column_of(Field::Political), Some(4));
    // Known, not needed: not listed as unknown.
    assert!(mapping.unmapped().is_empty(), "{:?}", mapping.unmapped());
    assert!(not_needed("入团时间").is_some());
    assert!(not_needed("手机号码").is_some());
    assert_eq!(not_needed("备注"), None);
}

#[test]
fn three_branch_files_are_one_plan_and_one_undoable_step() {
    let mut ws = workspace();
    let tables = three_files();
    let mappings: Vec<Mapping> = tables.iter().map(|t| auto_map(&t.headers)).collect();
    let names: Vec<String> = tables
        .iter()
        .zip(&mappings)
        .map(|(t, m)| guess_branch(&ws, t, m, true).unwrap().name)
        .collect();
    let files: Vec<RosterFile> = tables
        .iter()
        .zip(&mappings)
        .zip(&names)
        .map(|((table, mapping), name)| RosterFile {
            table,
            mapping,
            branch: Some(name),
        })
        .collect();
    let plan = plan_import_files(&ws, &files, Some("C1"));
    assert_eq!(plan.files.len(), 3);
    assert_eq!(plan.rows, 5);
    assert_eq!(plan.files[0].branch.as_deref(), Some("软件2201团支部"));
    assert_eq!(plan.files[0].footer_rows, vec![5]);
    // Each file's branch as the plan resolved it: created, or the workspace's.
    assert!(plan.files[0].branch_new);
    assert_eq!(plan.files[1].branch_org.as_deref(), Some("B1"));
    assert!(!plan.files[1].branch_new);
    assert_eq!(plan.files[2].branch_org.as_deref(), Some("B2"));
    // The ID number in files 1 and 3: both rows bad, each naming the other file.
    let dup: Vec<String> = plan.bad_rows.iter().map(|b| b.message(&plan)).collect();
    assert_eq!(plan.bad_rows.len(), 2, "{dup:#?}");
    assert_eq!((plan.bad_rows[0].file, plan.bad_rows[0].row), (0, 3));
    assert_eq!((plan.bad_rows[1].file, plan.bad_rows[1].row), (2, 3));
    assert!(
        dup[0].starts_with("文件「团员信息导出(1).xlsx」工作表「Sheet1」第 3 行「身份证号码」列"),
        "{dup:?}"
    );
    assert!(
        dup[0].contains("在所选文件中重复（「名单.xlsx」第 3 行也有）"),
        "{dup:?}"
    );
    assert!(
        dup[1].contains("（「团员信息导出(1).xlsx」第 3 行也有）"),
        "{dup:?}"
    );
    assert_eq!(plan.added, 3, "丁二, 戊一, 己二");
    assert_eq!(plan.new_branches.len(), 1);
    assert_eq!(plan.new_branches[0].name, "软件2201团支部");
    assert_eq!(plan.new_branches[0].parent, "C1");
    let Command::Batch { label, commands } = plan.command() else {
        panic!("one batch");
    };
    assert_eq!(label, "导入花名册 团员信息导出(1).xlsx 等 3 个文件");
    assert_eq!(commands.len(), 4, "one AddOrg and three AddMember");
    let before = ws.clone();
    let applied = apply(&mut ws, &plan.command()).unwrap();
    let org_of = |ws: &zhuanjie_core::Workspace, id: &str| {
        ws.members
            .iter()
            .find(|m| m.id == id)
            .map(|m| m.org.clone())
    };
    let new_branch = plan.new_branches[0].id.clone();
    assert_eq!(org_of(&ws, "T0002"), Some(new_branch));
    assert_eq!(org_of(&ws, "T0003").as_deref(), Some("B1"));
    assert_eq!(org_of(&ws, "T0005").as_deref(), Some("B2"));
    revert(&mut ws, applied.undo);
    assert_eq!(ws, before, "one undo takes all three files back");
}

#[test]
fn a_file_without_a_branch_says_where_to_give_one() {
    let ws = workspace();
    let t = read("x.xlsx", &[vec!["姓名", "学号"], vec!["庚一", "20229001"]]);
    let m = auto_map(&t.headers);
    let other = read("y.xlsx", &[vec!["姓名", "学号"], vec!["庚二", "20229002"]]);
    let files = [
        RosterFile {
            table: &t,
            mapping: &m,
            branch: None,
        },
        RosterFile {
            table: &other,
            mapping: &m,
            branch: Some("2022级1班"),
        },
    ];
    let plan = plan_import_files(&ws, &files, Some("C1"));
    assert_eq!(plan.added, 1);
    assert_eq!(plan.bad_rows.len(), 1);
    assert!(plan.bad_rows[0]
        .reason
        .contains("请在预览中填写这个文件的团支部"));
}

#[test]
fn a_value_repeated_on_many_rows_names_five_and_counts_the_rest() {
    let ws = workspace();
    let mut text = String::from("姓名,学号,所在团支部\r\n");
    for i in 0..8 {
        text.push_str(&format!("重{i},S1,2022级1班\r\n"));
    }
    let t = read_table("名单.csv", text.as_bytes(), None, None).unwrap();
    let m = auto_map(&t.headers);
    let plan = zhuanjie_roster::plan_import(&ws, &t, &m, None);
    assert_eq!(plan.bad_rows.len(), 8);
    assert!(
        plan.bad_rows[0]
            .reason
            .ends_with("在表中重复（第 3、4、5、6、7 行等 7 行也有）"),
        "{}",
        plan.bad_rows[0].reason
    );
    assert!(plan.bad_rows[7]
        .reason
        .ends_with("（第 2、3、4、5、6 行等 7 行也有）"));
}
