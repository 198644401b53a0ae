//! `--shard K/N` and `--shard auto/N`: check a deterministic slice of the inputs, so the
//! unchanged CLI runs as N parallel jobs (a Kubernetes Indexed Job, a CI matrix, any
//! batch scheduler) whose results together cover every file exactly once.
//!
//! The slice is taken after the paths are expanded, de-duplicated and sorted: a file
//! belongs to shard `FNV-1a-64(path) mod N` (0-based), where `path` is the path as the
//! report writes it, normalised (`/` separators, no `./`; see
//! [`super::baseline::normalize_path`]). Hashing rather than dealing files out in turn
//! keeps each file in the same shard when other files are added to or removed from the
//! archive, and it does not depend on the machine or on the order of the arguments.
//! `auto/N` takes K from the environment variable `JOB_COMPLETION_INDEX` (0-based, as
//! Kubernetes sets it for Indexed Jobs): index i is shard i+1 of N.

use std::path::Path;

/// The environment variable `auto/N` reads.
pub const INDEX_VAR: &str = "JOB_COMPLETION_INDEX";

/// `--shard` as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShardSpec {
    /// `K/N`, K 1-based.
    Fixed { k: usize, n: usize },
    /// `auto/N`: K from [`INDEX_VAR`].
    Auto { n: usize },
}

/// A resolved shard: `index` 0-based, below `count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

/// Parse `K/N` or `auto/N` (clap value parser).
pub fn parse(s: &str) -> Result<ShardSpec, String> {
    let bad = || format!("`{s}` is not K/N or auto/N (e.g. 2/8, auto/8)");
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let n: usize = n.trim().parse().map_err(|_| bad())?;
    if n == 0 {
        return Err(format!("`{s}`: N must be at least 1"));
    }
    if k.trim().eq_ignore_ascii_case("auto") {
        return Ok(ShardSpec::Auto { n });
    }
    let k: usize = k.trim().parse().map_err(|_| bad())?;
    if k == 0 || k > n {
        return Err(format!(
            "`{s}`: K must be between 1 and {n} (shards are numbered from 1)"
        ));
    }
    Ok(ShardSpec::Fixed { k, n })
}

impl ShardSpec {
    /// The shard to check; `env_index` is the value of [`INDEX_VAR`], if set.
    pub fn resolve(self, env_index: Option<&str>) -> Result<Shard, String> {
        match self {
            ShardSpec::Fixed { k, n } => Ok(Shard {
                index: k - 1,
                count: n,
            }),
            ShardSpec::Auto { n } => {
                let raw = env_index.ok_or_else(|| {
                    format!(
                        "--shard auto/{n}: {INDEX_VAR} is not set (Kubernetes sets it in Indexed Jobs; elsewhere pass --shard K/{n})"
                    )
                })?;
                let index: usize = raw.trim().parse().map_err(|_| {
                    format!("--shard auto/{n}: {INDEX_VAR}=`{raw}` is not a number")
                })?;
                if index >= n {
                    return Err(format!(
                        "--shard auto/{n}: {INDEX_VAR}={index} is not below {n} (the Job's completions must equal N)"
                    ));
                }
                Ok(Shard { index, count: n })
            }
        }
    }
}

impl Shard {
    /// Whether `path` (as the report writes it) belongs to this shard.
    pub fn contains(&self, path: &Path) -> bool {
        shard_of(&path.to_string_lossy(), self.count) == self.index
    }
}

/// The 0-based shard of a path among `count`.
pub fn shard_of(path: &str, count: usize) -> usize {
    let key = super::baseline::normalize_path(path);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % count as u64) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse_and_bad_ones_say_why() {
        assert_eq!(parse("2/3"), Ok(ShardSpec::Fixed { k: 2, n: 3 }));
        assert_eq!(parse("auto/8"), Ok(ShardSpec::Auto { n: 8 }));
        assert_eq!(
            parse("0/3"),
            Err("`0/3`: K must be between 1 and 3 (shards are numbered from 1)".into())
        );
        assert_eq!(
            parse("4/3"),
            Err("`4/3`: K must be between 1 and 3 (shards are numbered from 1)".into())
        );
        assert_eq!(parse("1/0"), Err("`1/0`: N must be at least 1".into()));
        assert_eq!(
            parse("x"),
            Err("`x` is not K/N or auto/N (e.g. 2/8, auto/8)".into())
        );
    }

    #[test]
    fn auto_reads_the_0_based_job_index() {
        let auto = ShardSpec::Auto { n: 3 };
        assert_eq!(auto.resolve(Some("0")), Ok(Shard { index: 0, count: 3 }));
        assert!(auto.resolve(Some("3")).is_err());
        assert!(auto.resolve(Some("one")).is_err());
        assert_eq!(
            auto.resolve(None),
            Err("--shard auto/3: JOB_COMPLETION_INDEX is not set (Kubernetes sets it in Indexed Jobs; elsewhere pass --shard K/3)".into())
        );
    }

    #[test]
    fn the_shard_of_a_path_is_fixed_and_ignores_its_spelling() {
        // FNV-1a is specified: these values hold on every machine and in every release.
        assert_eq!(shard_of("archive/2024/a.md", 1), 0);
        assert_eq!(shard_of("archive/2024/a.md", 7), 6);
        assert_eq!(
            shard_of("archive/2024/a.md", 7),
            shard_of("./archive//2024/a.md", 7)
        );
        let counts = (0..300).fold([0usize; 3], |mut c, i| {
            c[shard_of(&format!("archive/{i}.md"), 3)] += 1;
            c
        });
        assert_eq!(counts, [102, 97, 101]);
    }
}
