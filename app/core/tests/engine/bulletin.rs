//! The bulletin (通报): its change since a date equals the difference of two metrics
//! computations, its units are ranked and counted as the metrics count them, and its curve
//! ends at the cut-off's rates.

use chrono::NaiveDate;
use zhuanjie_core::bulletin::{self, Request};
use zhuanjie_core::metrics::{self, Side};
use zhuanjie_core::status::Status;
use zhuanjie_core::{synth, Edition};

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

#[test]
fn the_change_since_a_date_is_the_difference_of_two_computations() {
    for edition in Edition::ALL {
        let ws = synth::school(900, edition, 3);
        for (since, at) in [
            (d(8, 31), d(9, 30)),
            (d(7, 1), ws.clock),
            (d(9, 30), d(10, 31)),
        ] {
            let req = Request {
                region: None,
                at,
                since: Some(since),
                target: Some(0.9),
                lowest: 3,
                rank_by: Side::Xs,
            };
            let b = bulletin::bulletin(&ws, &req).unwrap();
            let now = metrics::compute(&ws, None, at).unwrap();
            let then = metrics::compute(&ws, None, since).unwrap();
            let c = b.change.as_ref().unwrap();
            assert_eq!(
                c.sx_completed,
                now.sx.completed as i64 - then.sx.completed as i64
            );
            assert_eq!(
                c.xs_completed,
                now.xs.completed as i64 - then.xs.completed as i64
            );
            assert_eq!(
                (b.sx.clone(), b.xs.clone()),
                (now.sx.clone(), now.xs.clone())
            );
            assert_eq!(c.sx_then, then.sx);
            // Per unit, the same: each unit's gain is its own two computations' difference.
            for u in &b.units {
                let u_now = metrics::compute(&ws, Some(&u.org), at).unwrap();
                let u_then = metrics::compute(&ws, Some(&u.org), since).unwrap();
                assert_eq!(
                    u.sx_completed_since,
                    Some(u_now.sx.completed as i64 - u_then.sx.completed as i64),
                    "{}",
                    u.org
                );
                assert_eq!(u.xs, u_now.xs);
                let not_started = u_now
                    .missing
                    .iter()
                    .filter(|m| !m.incoming && m.state == Status::NotStarted)
                    .count();
                assert_eq!(u.not_started, not_started, "{}", u.org);
            }
            // The curve ends at the cut-off's rates, and its milestones lie on it.
            let last = b.curve.last().unwrap();
            assert_eq!((last.date, &last.sx, &last.xs), (at, &now.sx, &now.xs));
            assert!(b.milestones.iter().all(|(m, _)| *m >= since && *m <= at));
        }
    }
}

#[test]
fn units_are_ranked_lowest_first_and_the_text_names_them() {
    let ws = synth::school(900, Edition::E2021, 3);
    for rank_by in [Side::Sx, Side::Xs] {
        let req = Request {
            region: None,
            at: ws.clock,
            since: None,
            target: Some(0.95),
            lowest: 2,
            rank_by,
        };
        let b = bulletin::bulletin(&ws, &req).unwrap();
        let rates: Vec<f64> = b
            .units
            .iter()
            .filter_map(|u| match rank_by {
                Side::Sx => u.sx.rate,
                Side::Xs => u.xs.rate,
            })
            .collect();
        assert!(rates.windows(2).all(|w| w[0] <= w[1]), "{rates:?}");
        assert!(b.lowest.len() <= 2);
        assert_eq!(b.lowest, b.units[..b.lowest.len()].to_vec());
        assert!(b
            .most_not_started
            .windows(2)
            .all(|w| w[0].not_started >= w[1].not_started));
        let text = bulletin::summary(&b);
        assert!(
            text.contains("截至 ") && text.contains("目标 95.0%"),
            "{text}"
        );
        for u in &b.lowest {
            assert!(text.contains(&u.name), "{text}");
        }
        assert!(b.change.is_none() && !text.contains("相比"));
    }
    let bad = Request {
        region: Some("NO-SUCH"),
        at: ws.clock,
        since: None,
        target: None,
        lowest: 5,
        rank_by: Side::Xs,
    };
    assert!(bulletin::bulletin(&ws, &bad).is_err());
}
