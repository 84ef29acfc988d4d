//! Answers of the aggregate views (timeline, map, network, stance, entity list) kept
//! until the store changes. The key is the request target; the store version
//! (`views::store_version`, the highest article id) is checked on every request, so an
//! ingest, through this server or another process, empties the cache.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub struct Cache {
    inner: Mutex<(i64, HashMap<String, Arc<str>>)>,
    max_entries: usize,
}

impl Cache {
    pub fn new(max_entries: usize) -> Cache {
        Cache {
            inner: Mutex::new((i64::MIN, HashMap::new())),
            max_entries,
        }
    }

    pub fn get(&self, version: i64, key: &str) -> Option<Arc<str>> {
        let g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if g.0 == version {
            g.1.get(key).cloned()
        } else {
            None
        }
    }

    pub fn put(&self, version: i64, key: String, value: Arc<str>) {
        let mut g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if g.0 != version {
            g.0 = version;
            g.1.clear();
        }
        // Bounded memory: start over rather than track recency.
        if g.1.len() >= self.max_entries {
            g.1.clear();
        }
        g.1.insert(key, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_version_empties_the_cache_and_size_is_bounded() {
        let c = Cache::new(2);
        c.put(1, "a".into(), "A".into());
        assert_eq!(c.get(1, "a").as_deref(), Some("A"));
        assert_eq!(c.get(2, "a"), None);
        c.put(2, "b".into(), "B".into());
        assert_eq!(c.get(1, "a"), None);
        assert_eq!(c.get(2, "a"), None);
        c.put(2, "c".into(), "C".into());
        c.put(2, "d".into(), "D".into());
        assert_eq!(c.get(2, "b"), None, "cleared when full");
        assert_eq!(c.get(2, "d").as_deref(), Some("D"));
    }
}
