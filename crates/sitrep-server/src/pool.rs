//! A small pool of blocking read handles. SQLite connections are not `Sync`, so each
//! request borrows one inside `spawn_blocking` and gives it back; the pool only keeps
//! `max_idle` of them, so a burst opens extra handles that are dropped afterwards and
//! memory stays flat.

use std::sync::Mutex;

pub struct Pool<T> {
    open: Box<dyn Fn() -> anyhow::Result<T> + Send + Sync>,
    idle: Mutex<Vec<T>>,
    max_idle: usize,
}

impl<T: Send> Pool<T> {
    pub fn new(
        max_idle: usize,
        open: impl Fn() -> anyhow::Result<T> + Send + Sync + 'static,
    ) -> Self {
        Pool {
            open: Box::new(open),
            idle: Mutex::new(Vec::new()),
            max_idle,
        }
    }

    /// Runs `f` with a pooled handle (opening one when none is idle). A handle whose use
    /// failed is dropped rather than returned, in case the failure left it in a bad state.
    pub fn with<R>(&self, f: impl FnOnce(&mut T) -> anyhow::Result<R>) -> anyhow::Result<R> {
        let taken = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let mut handle = match taken {
            Some(h) => h,
            None => (self.open)()?,
        };
        let r = f(&mut handle);
        if r.is_ok() {
            let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
            if idle.len() < self.max_idle {
                idle.push(handle);
            }
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn reuses_handles_and_drops_failed_ones() {
        let opened = Arc::new(AtomicUsize::new(0));
        let o = opened.clone();
        let pool = Pool::new(2, move || Ok(o.fetch_add(1, Ordering::SeqCst)));
        assert_eq!(pool.with(|h| Ok(*h)).unwrap(), 0);
        assert_eq!(pool.with(|h| Ok(*h)).unwrap(), 0, "idle handle reused");
        assert!(
            pool.with(|_| anyhow::bail!("boom") as anyhow::Result<()>)
                .is_err()
        );
        assert_eq!(
            pool.with(|h| Ok(*h)).unwrap(),
            1,
            "failed handle was dropped"
        );
        assert_eq!(opened.load(Ordering::SeqCst), 2);
    }
}
