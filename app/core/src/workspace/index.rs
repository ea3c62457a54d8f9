//! Whole-workspace look-ups, built once: records by id ([`Lookup`]) and the Euler-tour
//! [`Index`] that answers “is this org under that one” in constant time.

use rustc_hash::FxHashMap as HashMap;

use super::{Member, Org, Workspace};

impl Workspace {
    pub fn index(&self) -> Index {
        Index::build(self)
    }

    /// Hash lookups by id, built once for whole-workspace work.
    pub fn lookup(&self) -> Lookup<'_> {
        Lookup {
            orgs: self.orgs.iter().map(|o| (o.id.as_str(), o)).collect(),
            members: self.members.iter().map(|m| (m.id.as_str(), m)).collect(),
        }
    }
}

/// Orgs and members by id.
pub struct Lookup<'a> {
    pub orgs: HashMap<&'a str, &'a Org>,
    pub members: HashMap<&'a str, &'a Member>,
}

impl Lookup<'_> {
    /// The org's name, or the id itself when the workspace has no such org.
    pub fn org_name(&self, id: &str) -> String {
        self.orgs
            .get(id)
            .map_or_else(|| id.to_string(), |o| o.name.clone())
    }

    /// The member's name, or the id itself when the workspace has no such member.
    pub fn member_name(&self, id: &str) -> String {
        self.members
            .get(id)
            .map_or_else(|| id.to_string(), |m| m.name.clone())
    }
}

/// Lookups built once for whole-workspace computations (metrics over a million members).
pub struct Index {
    pub org_at: HashMap<String, usize>,
    /// Euler-tour interval of each org: `b` is under `a` iff `enter[a] <= enter[b] < exit[a]`.
    enter: Vec<u32>,
    exit: Vec<u32>,
}

impl Index {
    pub fn build(ws: &Workspace) -> Index {
        let org_at: HashMap<String, usize> = ws
            .orgs
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.clone(), i))
            .collect();
        let n = ws.orgs.len();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut roots = Vec::new();
        for (i, o) in ws.orgs.iter().enumerate() {
            match o.parent.as_ref().and_then(|p| org_at.get(p)) {
                Some(&p) => children[p].push(i),
                None => roots.push(i),
            }
        }
        let (mut enter, mut exit) = (vec![0u32; n], vec![0u32; n]);
        let mut clock = 0u32;
        // Iterative DFS: a province-sized tree must not overflow the stack.
        let mut stack: Vec<(usize, bool)> = roots.into_iter().rev().map(|r| (r, false)).collect();
        while let Some((node, done)) = stack.pop() {
            if done {
                exit[node] = clock;
                continue;
            }
            enter[node] = clock;
            clock += 1;
            stack.push((node, true));
            for &c in children[node].iter().rev() {
                stack.push((c, false));
            }
        }
        Index {
            org_at,
            enter,
            exit,
        }
    }

    pub fn is_under(&self, org: usize, ancestor: usize) -> bool {
        self.enter[ancestor] <= self.enter[org] && self.enter[org] < self.exit[ancestor]
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.org_at.get(id).copied()
    }
}
